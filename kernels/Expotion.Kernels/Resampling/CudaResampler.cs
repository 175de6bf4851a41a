using Expotion.Kernels.Batching;
using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Resampling;

/// <summary>
/// The CUDA twin of <see cref="CpuResampler"/>'s batched methods: kernels/resample.cu, one launch per call
/// for all streams. The span methods stage data through device buffers (thread-safe, one call at a time);
/// the <see cref="DeviceBuffer{T}"/> overloads work on data already on the device and return at once.
/// As an <see cref="IResampler"/> (what the streaming aligner takes) it runs the whole-stream
/// <see cref="IResampler.AlignCorners"/> on the device and leaves the one-frame <see cref="Lerp"/> to the CPU
/// reference: a 256-value lerp costs less than a launch.
/// </summary>
public sealed unsafe class CudaResampler : IBatchResampler, IResampler, IDisposable
{
    public const string AlignCornersKernel = "expotion_resample_align_corners_f32";
    public const string GridKernel = "expotion_resample_grid_f32";

    private readonly CudaFunction _alignCorners, _grid;
    private readonly DeviceScratch _scratch;
    private readonly Lock _gate = new();

    public CudaResampler(CudaDevice device, KernelFloatMode mode = KernelFloatMode.Fast)
    {
        Device = device;
        var module = device.LoadModule(KernelSources.Resample, mode);
        _alignCorners = module.GetFunction(AlignCornersKernel);
        _grid = module.GetFunction(GridKernel);
        _scratch = new DeviceScratch(device);
    }

    public CudaDevice Device { get; }

    /// <summary>One frame: on the CPU reference (a launch would cost more than the work).</summary>
    public void Lerp(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float w, Span<float> dst) => CpuResampler.Instance.Lerp(a, b, w, dst);

    /// <summary>One whole stream, [frames × dims] to [targetFrames × dims]: one launch.</summary>
    void IResampler.AlignCorners(ReadOnlySpan<float> src, int frames, int dims, Span<float> dst, int targetFrames) =>
        AlignCorners(src, new BatchShape(1, frames, dims), dst, targetFrames);

    public void AlignCorners(ReadOnlySpan<float> src, BatchShape shape, Span<float> dst, int targetFrames)
    {
        var outLength = CheckAlignCorners(src.Length, shape, dst.Length, targetFrames);
        lock (_gate)
        {
            var s = _scratch.Upload(0, src[..(int)shape.Length]);
            var d = _scratch.Reserve(1, outLength * sizeof(float));
            LaunchAlignCorners(s, d, shape, targetFrames, null);
            _scratch.Download(1, dst[..(int)outLength]);
        }
    }

    /// <summary><see cref="AlignCorners(ReadOnlySpan{float}, BatchShape, Span{float}, int)"/> on device buffers, queued on <paramref name="stream"/>.</summary>
    public void AlignCorners(DeviceBuffer<float> src, BatchShape shape, DeviceBuffer<float> dst, int targetFrames, CudaStream? stream = null)
    {
        CheckAlignCorners(src.Length, shape, dst.Length, targetFrames);
        LaunchAlignCorners(src.Pointer, dst.Pointer, shape, targetFrames, stream);
    }

    public void ResampleToGrid(ReadOnlySpan<float> src, ReadOnlySpan<long> ptsUs, ReadOnlySpan<int> counts, BatchShape shape,
        ReadOnlySpan<long> gridStartUs, long periodUs, Span<float> dst, int gridFrames)
    {
        shape.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gridFrames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodUs);
        BatchChecks.Buffer(src.Length, shape.Length, nameof(src));
        BatchChecks.Timestamps(ptsUs, counts, shape);
        BatchChecks.PerStream(gridStartUs.Length, shape.Streams, nameof(gridStartUs));
        var outLength = (long)shape.Streams * gridFrames * shape.Dims;
        BatchChecks.Buffer(dst.Length, outLength, nameof(dst));
        lock (_gate)
        {
            ulong s = _scratch.Upload(0, src[..(int)shape.Length]);
            ulong p = _scratch.Upload(1, ptsUs[..(shape.Streams * shape.Frames)]);
            ulong c = _scratch.Upload(2, counts[..shape.Streams]);
            ulong g = _scratch.Upload(3, gridStartUs[..shape.Streams]);
            ulong d = _scratch.Reserve(4, outLength * sizeof(float));
            int streams = shape.Streams, frames = shape.Frames, dims = shape.Dims;
            var args = stackalloc void*[] { &s, &p, &c, &g, &periodUs, &d, &streams, &frames, &dims, &gridFrames };
            _grid.Launch(LaunchShape.Blocks(Device, (long)streams * gridFrames, 1), LaunchShape.RowThreads(dims), null, args);
            _scratch.Download(4, dst[..(int)outLength]);
        }
    }

    private void LaunchAlignCorners(ulong s, ulong d, BatchShape shape, int targetFrames, CudaStream? stream)
    {
        int streams = shape.Streams, frames = shape.Frames, dims = shape.Dims;
        var args = stackalloc void*[] { &s, &d, &streams, &frames, &dims, &targetFrames };
        _alignCorners.Launch(LaunchShape.Blocks(Device, (long)streams * targetFrames, 1), LaunchShape.RowThreads(dims), stream, args);
    }

    private static long CheckAlignCorners(long srcLength, BatchShape shape, long dstLength, int targetFrames)
    {
        shape.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetFrames);
        BatchChecks.Buffer(srcLength, shape.Length, "src");
        var outLength = (long)shape.Streams * targetFrames * shape.Dims;
        BatchChecks.Buffer(dstLength, outLength, "dst");
        return outLength;
    }

    public void Dispose() => _scratch.Dispose();
}
