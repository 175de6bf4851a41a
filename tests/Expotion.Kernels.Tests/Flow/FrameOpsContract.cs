using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Tests.Flow;

/// <summary>
/// The test bodies every <see cref="IBatchFrameOps"/> passes against the per-stream CPU reference
/// (<see cref="GrayDownscaler"/>, <see cref="GridPooler"/>): bit for bit unless tolerances are set.
/// </summary>
public abstract class FrameOpsContract
{
    protected abstract IBatchFrameOps Ops { get; }

    /// <summary>Null: bit-exact (values and summaries).</summary>
    protected virtual double? DownscaleTolerance => null;

    /// <summary>Null: bit-exact. A fused multiply-add can move a pixel across an orientation-bin edge, hence a looser bound.</summary>
    protected virtual double? PoolTolerance => null;

    private static void AssertMatches(float[] expected, float[] actual, double? tolerance)
    {
        if (tolerance is { } t) FloatAssert.Close(expected, actual, t);
        else FloatAssert.BitEqual(expected, actual);
    }

    [Theory]
    [InlineData(PixelLayout.Gray8, 90, 70, 40, 31, 0)]     // shrink, fractional footprints
    [InlineData(PixelLayout.Rgb24, 90, 70, 40, 31, 5)]     // padded rows
    [InlineData(PixelLayout.Rgba32, 64, 48, 64, 48, 0)]    // same size
    [InlineData(PixelLayout.Bgra32, 30, 20, 64, 45, 8)]    // enlarge
    public void GrayDownscale_MatchesGrayDownscaler(PixelLayout layout, int width, int height, int dw, int dh, int padding)
    {
        const int streams = 3;
        var bpp = GrayDownscaler.BytesPerPixel(layout);
        var rowBytes = width * bpp + padding;
        var stride = (long)rowBytes * height + 3;
        var frameBytes = (long)rowBytes * (height - 1) + width * bpp;
        var frames = new byte[(streams - 1) * stride + frameBytes];   // the last frame ends the buffer
        new Random(width + padding).NextBytes(frames);
        var expected = new float[streams * dw * dh];
        var downscaler = new GrayDownscaler();
        var image = new GrayImage(dw, dh);
        for (var s = 0; s < streams; s++)
        {
            downscaler.Convert(frames.AsSpan((int)(s * stride), (int)frameBytes), width, height, rowBytes, layout, image);
            image.Pixels.CopyTo(expected, s * dw * dh);
        }
        var actual = FloatAssert.Random(new Random(1), expected.Length);
        Ops.GrayDownscale(frames, streams, stride, width, height, rowBytes, layout, dw, dh, actual);
        AssertMatches(expected, actual, DownscaleTolerance);
    }

    [Theory]
    [InlineData(64, 48, 4, 4, 8)]
    [InlineData(37, 23, 3, 2, 12)]
    [InlineData(4, 3, 5, 4, 2)]      // a grid finer than the image: empty cells are zeros
    public void PoolGrid_MatchesGridPooler(int width, int height, int cols, int rows, int bins)
    {
        const int streams = 3;
        var pooler = new GridPooler(cols, rows, bins);
        var area = width * height;
        var dx = new float[streams * area];
        var dy = new float[streams * area];
        float[] scales = [1f, 0.25f, 1f / 3f];
        var expected = new float[streams * pooler.Length];
        var expectedSummaries = new FlowSummary[streams];
        for (var s = 0; s < streams; s++)
        {
            var field = FlowImages.RandomField(width, height, 10 + s, 1.5f + s);
            field.Dx.CopyTo(dx, s * area);
            field.Dy.CopyTo(dy, s * area);
            expectedSummaries[s] = pooler.Pool(field, scales[s], expected.AsSpan(s * pooler.Length, pooler.Length));
        }
        var actual = FloatAssert.Random(new Random(2), expected.Length);
        var summaries = new FlowSummary[streams];
        Ops.PoolGrid(dx, dy, streams, width, height, pooler, scales, actual, summaries);
        AssertMatches(expected, actual, PoolTolerance);
        AssertMatches(expectedSummaries.SelectMany(m => new[] { m.MeanDx, m.MeanDy, m.MeanMagnitude }).ToArray(),
            summaries.SelectMany(m => new[] { m.MeanDx, m.MeanDy, m.MeanMagnitude }).ToArray(), PoolTolerance is null ? null : 1e-5);
    }

    [Fact]
    public void ShortBuffers_Throw()
    {
        Assert.Throws<ArgumentException>(() => Ops.GrayDownscale(new byte[10], 1, 12, 4, 3, 4, PixelLayout.Gray8, 2, 2, new float[4]));
        Assert.Throws<ArgumentException>(() => Ops.PoolGrid(new float[12], new float[11], 1, 4, 3, new GridPooler(2, 2, 4), [1f], new float[28], new FlowSummary[1]));
    }
}
