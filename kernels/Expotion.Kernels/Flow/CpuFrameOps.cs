namespace Expotion.Kernels.Flow;

/// <summary>The CPU reference of <see cref="IBatchFrameOps"/>: <see cref="GrayDownscaler"/> and <see cref="GridPooler"/> per stream, parallel over streams.</summary>
public sealed class CpuFrameOps : IBatchFrameOps
{
    public static CpuFrameOps Instance { get; } = new();

    public void GrayDownscale(ReadOnlySpan<byte> frames, int streams, long frameStride, int width, int height, int rowBytes,
        PixelLayout layout, int dstWidth, int dstHeight, Span<float> dst)
    {
        FrameOpChecks.Downscale(frames.Length, streams, frameStride, width, height, rowBytes, layout, dstWidth, dstHeight, dst.Length);
        var frameBytes = (int)((long)rowBytes * (height - 1) + (long)width * GrayDownscaler.BytesPerPixel(layout));
        var area = dstWidth * dstHeight;
        unsafe
        {
            fixed (byte* pf = frames)
            fixed (float* pd = dst)
            {
                nint f = (nint)pf, d = (nint)pd;
                Parallel.For(0, streams, () => (new GrayDownscaler(), new GrayImage(dstWidth, dstHeight)), (s, _, state) =>
                {
                    var src = new ReadOnlySpan<byte>((byte*)f + s * frameStride, frameBytes);
                    state.Item1.Convert(src, width, height, rowBytes, layout, state.Item2);
                    state.Item2.Pixels.CopyTo(new Span<float>((float*)d + (long)s * area, area));
                    return state;
                }, _ => { });
            }
        }
    }

    public void PoolGrid(ReadOnlySpan<float> dx, ReadOnlySpan<float> dy, int streams, int width, int height, GridPooler pooler,
        ReadOnlySpan<float> scales, Span<float> dst, Span<FlowSummary> summaries)
    {
        FrameOpChecks.Pool(dx.Length, dy.Length, streams, width, height, pooler, scales.Length, dst.Length, summaries.Length);
        var area = width * height;
        var field = new FlowField(width, height);
        for (var s = 0; s < streams; s++)
        {
            dx.Slice(s * area, area).CopyTo(field.Dx);
            dy.Slice(s * area, area).CopyTo(field.Dy);
            summaries[s] = pooler.Pool(field, scales[s], dst.Slice(s * pooler.Length, pooler.Length));
        }
    }
}
