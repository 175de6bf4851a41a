using Expotion.Kernels.Batching;
using Expotion.Kernels.Benchmarks;
using Expotion.Kernels.Resampling;

namespace Expotion.Kernels.Tests.Resampling;

/// <summary>
/// The test bodies every <see cref="IBatchResampler"/> passes: the CPU reference, the .cu kernels in emulation
/// (forward order, reverse order, AddressSanitizer) and on a GPU. Expected values come from straightforward
/// scalar loops with the same operations (bit for bit unless <see cref="BitExact"/> is false) and from closed forms.
/// </summary>
public abstract class ResamplerContract
{
    protected abstract IBatchResampler Resampler { get; }

    /// <summary>False only for a GPU compiled with FMA contraction; then results agree to 1e-5 relative.</summary>
    protected virtual bool BitExact => true;

    private void AssertMatches(float[] expected, float[] actual)
    {
        if (BitExact) FloatAssert.BitEqual(expected, actual);
        else FloatAssert.Close(expected, actual, 1e-5);
    }

    [Theory]
    [InlineData(3, 50, 37, 500)]     // EXPOTION: 5 fps × 10 s → 500 frames, odd dims
    [InlineData(2, 7, 5, 3)]         // downsampling
    [InlineData(1, 1, 4, 6)]         // one input frame: held
    [InlineData(2, 9, 300, 1)]       // one target: the first frame; dims beyond one block's threads
    public void AlignCorners_MatchesScalarLoop(int streams, int frames, int dims, int target)
    {
        var shape = new BatchShape(streams, frames, dims);
        var src = FloatAssert.Random(new Random(frames * 31 + dims), shape.Length);
        var expected = new float[streams * target * dims];
        ScalarKernels.AlignCorners(src, shape, expected, target);
        var actual = new float[expected.Length];
        Resampler.AlignCorners(src, shape, actual, target);
        AssertMatches(expected, actual);
    }

    [Fact]
    public void AlignCorners_LinearRamp_StaysLinear()
    {
        // x[i] = i for every dim: align_corners maps output j to input position j·(N−1)/(T−1) exactly.
        const int frames = 50, target = 500, dims = 3;
        var src = new float[frames * dims];
        for (var i = 0; i < frames; i++) src.AsSpan(i * dims, dims).Fill(i);
        var dst = new float[target * dims];
        Resampler.AlignCorners(src, new BatchShape(1, frames, dims), dst, target);
        for (var j = 0; j < target; j++)
            Assert.Equal(j * (frames - 1.0) / (target - 1), dst[j * dims + 2], 1e-4);
        Assert.Equal(0f, dst[0]);
        Assert.Equal(frames - 1f, dst[^1]);
    }

    [Fact]
    public void AlignCorners_ShortDestination_Throws() =>
        Assert.Throws<ArgumentException>(() => Resampler.AlignCorners(new float[2 * 4 * 3], new BatchShape(2, 4, 3), new float[2 * 10 * 3 - 1], 10));

    [Fact]
    public void ResampleToGrid_MatchesScalarLoop()
    {
        // Jittered ~30 fps streams: one full, one empty, one with a single frame, one starting late, one
        // whose grid starts before its first frame and runs past its last.
        var rng = new Random(3);
        var shape = new BatchShape(5, 60, 41);
        var src = FloatAssert.Random(rng, shape.Length);
        var counts = new[] { 60, 0, 1, 37, 60 };
        var pts = new long[shape.Streams * shape.Frames];
        for (var s = 0; s < shape.Streams; s++)
        {
            long t = s * 7_000;
            for (var k = 0; k < shape.Frames; k++) pts[s * shape.Frames + k] = t += 33_333 + rng.Next(-8_000, 8_000);
        }
        var starts = new long[] { 40_000, 0, 0, 300_000, -100_000 };
        const int grid = 120;
        var expected = new float[shape.Streams * grid * shape.Dims];
        ScalarKernels.ResampleToGrid(src, pts, counts, shape, starts, 20_000, expected, grid);
        var actual = new float[expected.Length];
        Resampler.ResampleToGrid(src, pts, counts, shape, starts, 20_000, actual, grid);
        AssertMatches(expected, actual);
    }

    [Fact]
    public void ResampleToGrid_EdgesAndExactHits()
    {
        // Frames at 0, 30 ms, 50 ms with values 1, 4, 10; grid every 10 ms from −10 ms.
        float[] src = [1f, 4f, 10f];
        long[] pts = [0, 30_000, 50_000];
        var dst = new float[8];
        Resampler.ResampleToGrid(src, pts, [3], new BatchShape(1, 3, 1), [-10_000], 10_000, dst, 8);
        Assert.Equal([1f, 1f, 2f, 3f, 4f, 7f, 10f, 10f], dst);
    }

    [Fact]
    public void ResampleToGrid_RepeatedTimestamp_Throws() =>
        Assert.Throws<ArgumentException>(() => Resampler.ResampleToGrid(new float[3], [0, 10, 10], [3], new BatchShape(1, 3, 1), [0], 5, new float[4], 4));
}
