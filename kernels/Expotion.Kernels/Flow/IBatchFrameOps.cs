namespace Expotion.Kernels.Flow;

/// <summary>
/// The frame operations around the flow, batched over streams: gray conversion with the area resize
/// (<see cref="GrayDownscaler"/>) and grid pooling (<see cref="GridPooler"/>). <see cref="CpuFrameOps"/> runs the CPU
/// reference per stream; <see cref="CudaFrameOps"/> runs kernels/frame_ops.cu, one launch for all streams.
/// </summary>
public interface IBatchFrameOps
{
    /// <summary>
    /// Converts one frame per stream (<paramref name="frameStride"/> bytes apart, each <paramref name="width"/> x
    /// <paramref name="height"/> pixels of <paramref name="layout"/> with rows <paramref name="rowBytes"/> apart) to 0..1
    /// luminance at <paramref name="dstWidth"/> x <paramref name="dstHeight"/>: <paramref name="dst"/> is [streams × dstHeight × dstWidth].
    /// </summary>
    void GrayDownscale(ReadOnlySpan<byte> frames, int streams, long frameStride, int width, int height, int rowBytes,
        PixelLayout layout, int dstWidth, int dstHeight, Span<float> dst);

    /// <summary>
    /// Pools one flow field per stream (<paramref name="dx"/>, <paramref name="dy"/> [streams × height × width]) as
    /// <paramref name="pooler"/> does, stream s scaled by <paramref name="scales"/>[s]: <paramref name="dst"/> is
    /// [streams × pooler.Length], <paramref name="summaries"/> [streams].
    /// </summary>
    void PoolGrid(ReadOnlySpan<float> dx, ReadOnlySpan<float> dy, int streams, int width, int height, GridPooler pooler,
        ReadOnlySpan<float> scales, Span<float> dst, Span<FlowSummary> summaries);
}

/// <summary>Argument checks shared by the frame-op twins.</summary>
internal static class FrameOpChecks
{
    public static void Downscale(long framesLength, int streams, long frameStride, int width, int height, int rowBytes,
        PixelLayout layout, int dstWidth, int dstHeight, long dstLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        GrayImage.CheckedArea(width, height);
        GrayImage.CheckedArea(dstWidth, dstHeight);
        var bpp = GrayDownscaler.BytesPerPixel(layout);
        if (rowBytes < width * bpp)
            throw new ArgumentOutOfRangeException(nameof(rowBytes), rowBytes, $"rows of {width} {layout} pixels need {width * bpp} bytes");
        var frame = (long)rowBytes * (height - 1) + (long)width * bpp;
        if (frameStride < frame)
            throw new ArgumentOutOfRangeException(nameof(frameStride), frameStride, $"a frame needs {frame} bytes");
        var needed = (streams - 1) * frameStride + frame;
        if (framesLength < needed)
            throw new ArgumentException($"{streams} frames of {width}x{height} {layout} need {needed} bytes, got {framesLength}", "frames");
        if (dstLength < (long)streams * dstWidth * dstHeight)
            throw new ArgumentException($"needs {(long)streams * dstWidth * dstHeight} values, got {dstLength}", "dst");
    }

    public static void Pool(long dxLength, long dyLength, int streams, int width, int height, GridPooler pooler,
        int scales, long dstLength, int summaries)
    {
        ArgumentNullException.ThrowIfNull(pooler);
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        var n = (long)streams * GrayImage.CheckedArea(width, height);
        if (dxLength < n || dyLength < n)
            throw new ArgumentException($"{streams} fields of {width}x{height} need {n} values each, got {dxLength} and {dyLength}");
        if (scales < streams)
            throw new ArgumentException($"needs {streams} scales, got {scales}", nameof(scales));
        if (dstLength < (long)streams * pooler.Length)
            throw new ArgumentException($"needs {(long)streams * pooler.Length} values, got {dstLength}", "dst");
        if (summaries < streams)
            throw new ArgumentException($"needs {streams} summaries, got {summaries}", nameof(summaries));
    }
}
