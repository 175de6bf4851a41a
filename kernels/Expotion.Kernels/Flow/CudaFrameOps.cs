using System.Runtime.InteropServices;
using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Flow;

/// <summary>
/// The CUDA twin of <see cref="CpuFrameOps"/>: kernels/frame_ops.cu, one launch for all streams. Data is staged through
/// device buffers (one call at a time); the coverage tables are <see cref="GrayDownscaler"/>'s own, uploaded per call.
/// Bit-identical to the CPU reference in <see cref="KernelFloatMode.Exact"/>.
/// </summary>
public sealed unsafe class CudaFrameOps : IBatchFrameOps, IDisposable
{
    public const string GrayDownscaleKernel = "expotion_frame_gray_downscale_u8";
    public const string PoolGridKernel = "expotion_frame_pool_grid_f32";
    private const uint BlockX = 32, BlockY = 8;

    private readonly CudaFunction _downscale, _pool;
    private readonly DeviceScratch _scratch;
    private readonly GrayDownscaler _tables = new();
    private readonly Lock _gate = new();

    public CudaFrameOps(CudaDevice device, KernelFloatMode mode = KernelFloatMode.Fast)
    {
        ArgumentNullException.ThrowIfNull(device);
        Device = device;
        var module = device.LoadModule(KernelSources.FrameOps, mode);
        _downscale = module.GetFunction(GrayDownscaleKernel);
        _pool = module.GetFunction(PoolGridKernel);
        _scratch = new DeviceScratch(device);
    }

    public CudaDevice Device { get; }

    public void GrayDownscale(ReadOnlySpan<byte> frames, int streams, long frameStride, int width, int height, int rowBytes,
        PixelLayout layout, int dstWidth, int dstHeight, Span<float> dst)
    {
        FrameOpChecks.Downscale(frames.Length, streams, frameStride, width, height, rowBytes, layout, dstWidth, dstHeight, dst.Length);
        var (bpp, ro, go, bo) = GrayDownscaler.Channels(layout);
        var used = (streams - 1) * frameStride + (long)rowBytes * (height - 1) + (long)width * bpp;
        var count = (long)streams * dstWidth * dstHeight;
        float wr = GrayDownscaler.WeightR, wg = GrayDownscaler.WeightG, wb = GrayDownscaler.WeightB, grayScale = 1f / 255f;
        lock (_gate)
        {
            var (xStart, xCount, xOffset, xWeights) = _tables.ColumnTable(width, dstWidth);
            var (yOffset, yRows, yWeights) = GrayDownscaler.RowTable(height, dstHeight);
            var pixels = _scratch.Upload(0, frames[..(int)used]);
            var xs = _scratch.Upload(1, (ReadOnlySpan<int>)xStart);
            var xc = _scratch.Upload(2, (ReadOnlySpan<int>)xCount);
            var xo = _scratch.Upload(3, (ReadOnlySpan<int>)xOffset);
            var xw = _scratch.Upload(4, (ReadOnlySpan<float>)xWeights);
            var yo = _scratch.Upload(5, (ReadOnlySpan<int>)yOffset);
            var yr = _scratch.Upload(6, (ReadOnlySpan<int>)yRows);
            var yw = _scratch.Upload(7, (ReadOnlySpan<float>)yWeights);
            var d = _scratch.Reserve(8, count * sizeof(float));
            int dw = dstWidth, dh = dstHeight, n = streams;
            var args = stackalloc void*[] { &pixels, &frameStride, &rowBytes, &bpp, &ro, &go, &bo, &xs, &xc, &xo, &xw, &yo, &yr, &yw,
                &wr, &wg, &wb, &grayScale, &d, &dw, &dh, &n };
            var grid = new Dim3((uint)((dw + BlockX - 1) / BlockX), (uint)((dh + BlockY - 1) / BlockY), (uint)streams);
            _downscale.Launch(grid, new Dim3(BlockX, BlockY), null, args);
            _scratch.Download(8, dst[..(int)count]);
        }
    }

    public void PoolGrid(ReadOnlySpan<float> dx, ReadOnlySpan<float> dy, int streams, int width, int height, GridPooler pooler,
        ReadOnlySpan<float> scales, Span<float> dst, Span<FlowSummary> summaries)
    {
        FrameOpChecks.Pool(dx.Length, dy.Length, streams, width, height, pooler, scales.Length, dst.Length, summaries.Length);
        var n = streams * width * height;
        var cells = pooler.Columns * pooler.Rows;
        var values = (long)streams * pooler.Length;
        var sums = new double[streams * cells * 3];
        lock (_gate)
        {
            var u = _scratch.Upload(0, dx[..n]);
            var v = _scratch.Upload(1, dy[..n]);
            var sc = _scratch.Upload(2, scales[..streams]);
            var d = _scratch.Reserve(3, values * sizeof(float));
            var sm = _scratch.Reserve(4, sums.Length * sizeof(double));
            int w = width, h = height, cols = pooler.Columns, rows = pooler.Rows, bins = pooler.OrientationBins, k = streams;
            var binsPerRadian = pooler.OrientationBins / (2f * MathF.PI);   // as GridPooler
            var args = stackalloc void*[] { &u, &v, &w, &h, &cols, &rows, &bins, &binsPerRadian, &sc, &d, &sm, &k };
            _pool.Launch(LaunchShape.Blocks(Device, values, 128), 128, null, args);
            _scratch.Download(3, dst[..(int)values]);
            _scratch.Download(4, sums.AsSpan());
        }
        // The whole-frame means from the cells' double sums, added in cell order as GridPooler does.
        for (var s = 0; s < streams; s++)
        {
            double tx = 0, ty = 0, tm = 0;
            for (var c = 0; c < cells; c++)
            {
                tx += sums[(s * cells + c) * 3];
                ty += sums[(s * cells + c) * 3 + 1];
                tm += sums[(s * cells + c) * 3 + 2];
            }
            var a = (double)scales[s] / (width * height);   // as GridPooler
            summaries[s] = new FlowSummary((float)(tx * a), (float)(ty * a), (float)(tm * a));
        }
    }

    public void Dispose() => _scratch.Dispose();
}
