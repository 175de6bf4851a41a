using Expotion.Core;
using Expotion.Music.Core;

namespace Expotion.Music.Tests;

/// <summary>
/// The conductor against gestures shaped like real strokes: a fast strike followed by a slow, broad return
/// (whose energy hump is more than half the strike's), and a performer who stops and starts again.
/// </summary>
public sealed class StrokeFollowingTests
{
    /// <summary>Where the strike's energy peaks: a tenth of a beat after it starts (the middle of the fall).</summary>
    private static double PeakOffset(double bpm) => 0.1 * 60 / bpm;

    [Theory]
    [InlineData(90.0)]
    [InlineData(140.0)]
    public async Task GenerateAsync_StrikeAndSlowLift_BeatsLockOnTheStrikes(double bpm)
    {
        SynthFacts.RequireSynth();
        var outputs = await Run.CollectAsync(Synthetic.Settings("pop"), Synthetic.Strikes(bpm, 16));
        var period = 60 / bpm;
        var late = outputs.OfType<BeatEvent>().Select(b => b.PtsUs / 1e6).Where(t => t > 8 && t < 15.5).ToList();
        var errors = late.Select(t => Math.IEEERemainder(t - PeakOffset(bpm), period)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"beat-to-strike error after 8 s: {string.Join(", ", errors.Select(e => $"{e * 1000:0}"))} ms");
        Assert.True(late.Count >= 8);
        Assert.All(errors, e => Assert.InRange(e, -0.05, 0.05));
        var tempo = outputs.OfType<TempoEvent>().Last();
        Assert.InRange(tempo.Bpm, bpm * 0.97, bpm * 1.03);
    }

    [Fact]
    public async Task GenerateAsync_StopThenStart_ThinsOutThenComesBackOnTheNewStrokes()
    {
        SynthFacts.RequireSynth();
        // 120 BPM until 6 s, still until 8.25 s, then 120 BPM again with strikes starting at 8.25 s (a new phase).
        const double restart = 8.25;
        var outputs = await Run.CollectAsync(Synthetic.Settings("pop"), Synthetic.Strikes(120, 14, t => t >= 6 && t < restart, restart));
        var dynamics = outputs.OfType<DynamicsEvent>().ToList();
        Assert.All(dynamics.Where(d => d.PtsUs / 1e6 is > 6.6 and < 8.2), d => Assert.True(d.Density <= 0.051, $"level {d.Density} at {d.PtsUs / 1e6:F2} s"));

        var beats = outputs.OfType<BeatEvent>().Select(b => b.PtsUs / 1e6).Where(t => t > restart + 0.4 && t < 13.5).ToList();
        var errors = beats.Select(t => Math.IEEERemainder(t - restart - PeakOffset(120), 0.5)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"after the restart: {string.Join(", ", errors.Select(e => $"{e * 1000:0}"))} ms");
        Assert.All(errors, e => Assert.InRange(e, -0.06, 0.06));
    }
}
