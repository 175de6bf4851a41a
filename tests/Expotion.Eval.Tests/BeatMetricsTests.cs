using Expotion.Eval;

namespace Expotion.Eval.Tests;

public sealed class BeatMetricsTests
{
    private static List<double> Grid(double bpm, double from, double to, double shift = 0) =>
        Enumerable.Range(0, 1000).Select(k => from + k * 60 / bpm + shift).Where(t => t < to).ToList();

    [Fact]
    public void Score_Identical_FIsOneOffsetZero()
    {
        var beats = Grid(120, 0, 10);
        var s = BeatMetrics.Score(beats, beats);
        Assert.Equal(1, s.F, 9);
        Assert.Equal(0, s.MeanOffset, 9);
    }

    [Fact]
    public void Score_ShiftedWithinTolerance_FIsOneAndOffsetIsTheShift()
    {
        var s = BeatMetrics.Score(Grid(120, 0, 10), Grid(120, 0, 10, shift: 0.05));
        Assert.Equal(1, s.F, 9);
        Assert.Equal(0.05, s.MeanOffset, 6);
        Assert.Equal(0.05, s.NearestOffset, 6);
    }

    [Fact]
    public void Score_ShiftedBeyondTolerance_FIsZeroButNearestOffsetShowsTheLag()
    {
        var s = BeatMetrics.Score(Grid(120, 0, 10), Grid(120, 0, 10, shift: 0.1));
        Assert.Equal(0, s.F);
        Assert.True(double.IsNaN(s.MeanOffset));
        Assert.Equal(0.1, s.NearestOffset, 6);
    }

    [Fact]
    public void Score_DoubleTimeEstimates_PrecisionHalfRecallOne()
    {
        var s = BeatMetrics.Score(Grid(120, 0, 10), Grid(240, 0, 10));
        Assert.Equal(1, s.Recall, 9);
        Assert.Equal(0.5, s.Precision, 9);
        Assert.Equal(2 * 0.5 / 1.5, s.F, 9);
    }

    [Fact]
    public void Score_OneEstimateNearTwoReferences_MatchesOnlyOne()
    {
        var s = BeatMetrics.Score([1.0, 1.1], [1.05]);
        Assert.Equal(1, s.Matched);
        Assert.Equal(0.5, s.Recall, 9);
    }

    [Fact]
    public void CoverageAndHit_CountBeatsAgainstTheReference()
    {
        // 20 motion beats; the music plays double time (40 beats), half of them on the motion's beats, the other half off.
        var reference = Grid(60, 0, 20);
        var music = Grid(120, 0, 20);
        var s = BeatMetrics.Score(reference, music);
        Assert.Equal(2.0, s.Coverage, 9);      // B_g / B_t
        Assert.Equal(1.0, s.Hit, 9);           // B_a / B_t

        // Every third motion beat gets a music beat, late by 100 ms (outside the window): coverage 1/3, no hits.
        var sparse = BeatMetrics.Score(reference, reference.Where((_, i) => i % 3 == 0).Select(t => t + 0.1).ToList());
        Assert.Equal(7 / 20.0, sparse.Coverage, 9);
        Assert.Equal(0, sparse.Hit, 9);
        Assert.True(double.IsNaN(BeatMetrics.Score([], [1.0]).Coverage));
    }

    [Fact]
    public void Score_Empty_IsZero()
    {
        Assert.Equal(0, BeatMetrics.Score([], [1.0]).F);
        Assert.Equal(0, BeatMetrics.Score([1.0], []).F);
    }

    [Theory]
    [InlineData(120, 124.8, 0.04)]
    [InlineData(90, 85.5, 0.05)]
    public void RelativeTempoError_IsTheRatioLessOne(double reference, double estimate, double expected) =>
        Assert.Equal(expected, BeatMetrics.RelativeTempoError(reference, estimate), 9);
}
