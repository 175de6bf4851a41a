using Expotion.Core;
using Expotion.Smoothing.Core;

namespace Expotion.Smoothing.Tests;

public sealed class TimelineAlignerTests
{
    private static readonly TimelineAligner Aligner = new();

    private static async Task<List<ConditionVector>> AlignAsync(AlignSettings settings, IEnumerable<FeatureSample> frames)
        => await Aligner.AlignAsync(settings, frames.ToAsyncEnumerable(), new StreamStats(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

    private static IEnumerable<FeatureSample> Ramp(int count, long periodUs, long startUs = 0)
        => Enumerable.Range(0, count).Select(i => new FeatureSample(startUs + i * periodUs, [i, -2f * i]));

    /// <summary>PyTorch's F.interpolate(v, T, mode='linear', align_corners=True), written from its definition in double precision.</summary>
    private static double[] InterpolateAlignCorners(double[] x, int target)
    {
        var y = new double[target];
        for (var i = 0; i < target; i++)
        {
            var pos = target == 1 ? 0 : i * (x.Length - 1.0) / (target - 1);
            var i0 = Math.Min((int)Math.Floor(pos), x.Length - 1);
            var i1 = Math.Min(i0 + 1, x.Length - 1);
            y[i] = x[i0] + (x[i1] - x[i0]) * (pos - i0);
        }
        return y;
    }

    [Fact]
    public async Task Align_ExpotionOffline_MatchesAlignCornersFormula_50To500()
    {
        var rng = new Random(7);
        var x = Enumerable.Range(0, 50).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var frames = x.Select((v, i) => new FeatureSample(i * 200_000L, [(float)v]));   // 5 fps, 10 s clip

        var result = await AlignAsync(new AlignSettings(1, SmoothingMode.ExpotionOffline), frames);

        Assert.Equal(500, result.Count);                                 // duration × 50 by default
        var expected = InterpolateAlignCorners(x.Select(v => (double)(float)v).ToArray(), 500);
        for (var i = 0; i < 500; i++)
            Assert.Equal(expected[i], result[i].Values[0], 1e-5);   // positions are float32, as in PyTorch's CPU kernel
        Assert.Equal(x[0], result[0].Values[0], 1e-7);                   // corners are aligned exactly
        Assert.Equal(x[^1], result[^1].Values[0], 1e-6);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => TimeGrid.PtsOf(i)), result.Select(c => c.PtsUs));
    }

    [Fact]
    public async Task Align_ExpotionOffline_HonoursTargetFrames()
    {
        var result = await AlignAsync(new AlignSettings(2, SmoothingMode.ExpotionOffline, TargetFrames: 501), Ramp(50, 200_000));
        Assert.Equal(501, result.Count);
        Assert.Equal(49f, result[^1].Values[0], 1e-4);
        Assert.Equal(-98f, result[^1].Values[1], 1e-4);
    }

    [Fact]
    public async Task Align_Causal_IrregularTimestamps_InterpolatesLinearlyOnGrid()
    {
        // 30 fps with jitter: values are a linear function of time, so linear resampling must reproduce it exactly.
        var rng = new Random(3);
        var frames = new List<FeatureSample>();
        long t = 5_000;
        for (var i = 0; i < 90; i++)
        {
            frames.Add(new FeatureSample(t, [(float)(t / 1e6 * 3.0)]));
            t += 33_333 + rng.Next(-8_000, 8_000);
        }
        var result = await AlignAsync(new AlignSettings(1, SmoothingMode.Causal, SmoothingMs: 0), frames);

        Assert.Equal(1, result[0].Index);                                  // first grid time at or after 5 ms
        Assert.Equal(TimeGrid.FloorIndex(frames[^1].PtsUs), result[^1].Index);         // none after the last frame
        foreach (var c in result)
            Assert.Equal(c.PtsUs / 1e6 * 3.0, c.Values[0], 1e-4);
        Assert.Equal(result.Count, result.Select(c => c.Index).Distinct().Count());
    }

    [Fact]
    public async Task Align_CausalStep_HasNoLookahead()
    {
        var frames = Enumerable.Range(0, 100).Select(i => new FeatureSample(TimeGrid.PtsOf(i), [i >= 50 ? 1f : 0f]));
        var result = await AlignAsync(new AlignSettings(1, SmoothingMode.Causal, SmoothingMs: 60), frames);

        Assert.All(result.Where(c => c.Index < 50), c => Assert.Equal(0f, c.Values[0]));
        Assert.True(result[50].Values[0] > 0f);
        Assert.True(result[99].Values[0] > 0.99f);
    }

    [Fact]
    public async Task Align_CentredStep_ShowsDeclaredLookaheadAndNoMore()
    {
        var frames = Enumerable.Range(0, 100).Select(i => new FeatureSample(TimeGrid.PtsOf(i), [i >= 50 ? 1f : 0f]));
        var settings = new AlignSettings(1, SmoothingMode.Centred, SmoothingMs: 40, LookaheadMs: 100);
        Assert.Equal(5, settings.LookaheadFrames);

        var result = await AlignAsync(settings, frames);

        Assert.Equal(100, result.Count);
        Assert.All(result.Where(c => c.Index < 45), c => Assert.Equal(0f, c.Values[0]));    // nothing before t − lookahead
        Assert.True(result[45].Values[0] > 0f);                                           // rises exactly lookahead early
        Assert.Equal(1f - result[49].Values[0], result[50].Values[0], 1e-5);              // symmetric about the step
        Assert.All(result.Where(c => c.Index >= 55), c => Assert.Equal(1f, c.Values[0], 1e-6));
    }

    [Fact]
    public async Task Align_Centred_EmitsFrameOnlyAfterLookaheadArrived()
    {
        var settings = new AlignSettings(1, SmoothingMode.Centred, SmoothingMs: 40, LookaheadMs: 100);
        var seen = new List<(int Sent, long Index)>();
        var sent = 0;
        async IAsyncEnumerable<FeatureSample> Source()
        {
            for (var i = 0; i < 20; i++)
            {
                sent = i;
                yield return new FeatureSample(TimeGrid.PtsOf(i), [i]);
                await Task.Yield();
            }
            sent = int.MaxValue;
        }
        await foreach (var c in Aligner.AlignAsync(settings, Source(), new StreamStats(), TestContext.Current.CancellationToken))
            seen.Add((sent, c.Index));

        Assert.All(seen.Where(s => s.Sent != int.MaxValue), s => Assert.Equal(s.Index + 5, s.Sent));
        Assert.Equal(20, seen.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Align_WrongLength_ThrowsInvalidInput(int length)
    {
        var frames = new[] { new FeatureSample(0, new float[2]), new FeatureSample(TimeGrid.PeriodUs, new float[length]) };
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => AlignAsync(new AlignSettings(2, SmoothingMode.Causal), frames));
        Assert.Equal("frame.values", ex.Field);
    }

    [Fact]
    public async Task Align_BackwardsTimestamp_ThrowsInvalidInput()
    {
        var frames = new[] { new FeatureSample(40_000, new float[1]), new FeatureSample(20_000, new float[1]) };
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => AlignAsync(new AlignSettings(1, SmoothingMode.Centred), frames));
        Assert.Equal("frame.pts_us", ex.Field);
        Assert.Contains("20000 us after 40000 us", ex.Message);
    }

    [Fact]
    public async Task Align_NonFinite_ThrowsInvalidInput()
    {
        var frames = new[] { new FeatureSample(0, [float.NaN]) };
        await Assert.ThrowsAsync<InvalidInputException>(() => AlignAsync(new AlignSettings(1, SmoothingMode.Causal), frames));
    }

    [Theory]
    [InlineData(0, 60, 0)]
    [InlineData(9000, 60, 0)]
    [InlineData(4, -1, 0)]
    [InlineData(4, 60, -5)]
    public async Task Align_InvalidSettings_ThrowsInvalidInput(int dims, double smoothingMs, double lookaheadMs)
    {
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            AlignAsync(new AlignSettings(dims, SmoothingMode.Centred, smoothingMs, lookaheadMs), []));
    }

    [Fact]
    public async Task Align_EmptyStream_YieldsNothing()
    {
        foreach (var mode in Enum.GetValues<SmoothingMode>())
            Assert.Empty(await AlignAsync(new AlignSettings(3, mode), []));
    }
}
