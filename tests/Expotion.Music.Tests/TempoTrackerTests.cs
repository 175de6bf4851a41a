using Expotion.Core;
using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

public sealed class TempoTrackerTests
{
    [Theory]
    [InlineData(90)]
    [InlineData(120)]
    [InlineData(150)]
    public void Push_PeriodicEnergy_FindsTempoWithinFourPercent(double bpm)
    {
        var tracker = new TempoTracker(initialBpm: 108);
        foreach (var e in Synthetic.Pulses(bpm, seconds: 8, phaseSeconds: 0.13)) tracker.Push(e);

        Assert.Equal("motion", tracker.Source);
        Assert.InRange(tracker.Bpm, bpm * 0.96, bpm * 1.04);
        Assert.InRange(tracker.Confidence, 0.3, 1.0);
    }

    [Theory]
    [InlineData(72)]
    [InlineData(100)]
    [InlineData(165)]
    public void Estimate_NoisyPeriodicEnergy_FindsTempoWithinFourPercent(double bpm)
    {
        var rng = new SeededRandom(3);
        var tracker = new TempoTracker(initialBpm: 108);
        foreach (var e in Synthetic.Pulses(bpm, seconds: 8, floor: 0.02, amplitude: 0.12))
            tracker.Push(e + 0.03 * rng.NextDouble());

        Assert.InRange(tracker.Estimate().Bpm, bpm * 0.96, bpm * 1.04);
    }

    [Fact]
    public void Push_StillPerformer_HoldsTheStartingTempo()
    {
        var tracker = new TempoTracker(initialBpm: 96, initialSource: "prompt", priorWidthOctaves: 0.25);
        foreach (var e in Synthetic.Still(8)) tracker.Push(e);

        Assert.Equal(96, tracker.Bpm);
        Assert.Equal("prompt", tracker.Source);
        Assert.True(tracker.LastEstimate.Confidence < 0.3);
    }

    // One beat (0.6 s at 50 Hz) of the striking stick at 100 BPM (`eval --rhythm 100:10,still:10,100:10`) as the
    // vision stage measured it: the lift's hump, then the strike's climb and its stop.
    private static readonly double[] StickBeat =
    [
        0.047, 0.063, 0.080, 0.099, 0.118, 0.260, 0.402, 0.535, 0.668, 0.603, 0.538, 0.523, 0.509, 0.378, 0.248,
        0.156, 0.063, 0.051, 0.039, 0.026, 0.012, 0.378, 0.744, 0.968, 1.192, 1.252, 1.313, 0.665, 0.017, 0.032,
    ];

    [Fact]
    public void Push_StillAfterStrikes_HoldsTheTempoThroughTheStillness()
    {
        // Ten seconds of strikes, then ten of stillness: for seconds the window still holds the last strikes, and
        // with nothing after them their autocorrelation made up 180 BPM (the music raced through the pause).
        var tracker = new TempoTracker(initialBpm: 108);
        for (var i = 0; i < 10 * TimeGrid.RateHz; i++) tracker.Push(StickBeat[i % StickBeat.Length]);
        Assert.InRange(tracker.Bpm, 100 * 0.97, 100 * 1.03);
        var changes = new List<string>();
        for (var i = 0; i < 10 * TimeGrid.RateHz; i++)
            if (tracker.Push(0)) changes.Add($"{tracker.Bpm} at {i / (double)TimeGrid.RateHz:F1} s");

        Assert.Empty(changes);
    }

    [Theory]
    [InlineData(176, 88)]   // funk to steps at 176: half time
    [InlineData(110, 110)]  // inside the range: as it is
    [InlineData(140, 140)]  // a quarter above the range's top (147.5) is still played as it is
    public void Push_MotionOutsideTheStylesRange_PlayedAnOctaveNearer(double motionBpm, double played)
    {
        var tracker = new TempoTracker(initialBpm: 104, playableRange: (92, 118));
        foreach (var e in Synthetic.Pulses(motionBpm, seconds: 10)) tracker.Push(e);

        Assert.Equal("motion", tracker.Source);
        Assert.InRange(tracker.Bpm, played * 0.97, played * 1.03);
    }

    [Fact]
    public void Push_NoddingAtDoubleThePromptTempo_KeepsThePromptOctave()
    {
        // A nod peaks twice per beat: the energy says 180, the prompt asked for 90.
        var tracker = new TempoTracker(initialBpm: 90, initialSource: "prompt", priorWidthOctaves: 0.25);
        foreach (var e in Synthetic.Pulses(180, seconds: 8)) tracker.Push(e);

        Assert.InRange(tracker.Bpm, 90 * 0.96, 90 * 1.04);
    }

    [Fact]
    public void Push_TempoChange_FollowsAfterHysteresis()
    {
        var tracker = new TempoTracker(initialBpm: 108);
        var changes = 0;
        foreach (var e in Synthetic.Pulses(100, seconds: 8)) changes += tracker.Push(e) ? 1 : 0;
        Assert.InRange(tracker.Bpm, 96, 104);
        foreach (var e in Synthetic.Pulses(130, seconds: 8)) changes += tracker.Push(e) ? 1 : 0;

        Assert.InRange(tracker.Bpm, 130 * 0.96, 130 * 1.04);
        Assert.InRange(changes, 2, 6);
    }

    [Fact]
    public void Push_TempoChange_90To140_FollowedWithinTwoBeatsAndTheStrokeConfirmation()
    {
        var tracker = new TempoTracker(initialBpm: 108);
        foreach (var e in Synthetic.Pulses(90, seconds: 10)) tracker.Push(e);
        Assert.InRange(tracker.Bpm, 90 * 0.97, 90 * 1.03);
        var followedAt = double.NaN;
        var leftAfter = 0;
        var pulses = Synthetic.Pulses(140, seconds: 6);
        for (var i = 0; i < pulses.Length; i++)
        {
            tracker.Push(pulses[i]);
            var on = Math.Abs(tracker.Bpm / 140 - 1) <= 0.03;
            if (double.IsNaN(followedAt) && on) followedAt = (double)i / TimeGrid.RateHz;
            else if (!double.IsNaN(followedAt) && !on) leftAfter++;
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"140 BPM adopted {followedAt:F2} s after the change");
        // Two intervals at the new tempo (two beats, 0.86 s) and the stroke's confirmation (0.12 s after its peak).
        Assert.InRange(followedAt, 0, 2 * 60.0 / 140 + 0.14);
        Assert.Equal(0, leftAfter); // the autocorrelation, still hearing 90, does not pull it back
        Assert.InRange(tracker.Bpm, 140 * 0.97, 140 * 1.03);
    }

    [Fact]
    public void Push_StrikesWithLifts_90To140_FollowedOnTheStrikesWithinTwoBeats()
    {
        // A stick's strike and its slower lift: the lift peaks too, but only the strikes make the tempo.
        var tracker = new TempoTracker(initialBpm: 108);
        foreach (var e in Synthetic.Strikes(90, seconds: 10)) tracker.Push(e);
        Assert.InRange(tracker.Bpm, 90 * 0.97, 90 * 1.03);
        var followedAt = double.NaN;
        var onStroke = double.NaN;
        var strikes = Synthetic.Strikes(140, seconds: 6);
        for (var i = 0; i < strikes.Length; i++)
        {
            if (tracker.Push(strikes[i]) && double.IsNaN(followedAt)) onStroke = tracker.ChangedOnStroke;
            if (double.IsNaN(followedAt) && Math.Abs(tracker.Bpm / 140 - 1) <= 0.03) followedAt = (double)i / TimeGrid.RateHz;
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"140 BPM adopted {followedAt:F2} s after the change, on the stroke at {onStroke - 10:F2} s");
        // On the third strike at 140 (its energy peaks mid-strike, 0.04 s after the beat), confirmed 0.12 s later.
        Assert.InRange(onStroke - 10, 2 * 60.0 / 140, 2 * 60.0 / 140 + 0.06);
        Assert.InRange(followedAt, 0, onStroke - 10 + 0.14);
        Assert.InRange(tracker.Bpm, 140 * 0.97, 140 * 1.03);
    }

    [Fact]
    public void Push_IrregularStrokes_RarelyReadAsATempoChange()
    {
        // Strokes at random intervals (0.35-0.9 s), as fidgeting gives: two intervals agree by chance now and then.
        var rng = new SeededRandom(11);
        var strokes = new List<double>();
        for (var t = 1.0; t < 60; t += 0.35 + 0.55 * rng.NextDouble()) strokes.Add(t);
        var n = 60 * TimeGrid.RateHz;
        var tracker = new TempoTracker(initialBpm: 108);
        var fromStrokes = 0;
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / TimeGrid.RateHz;
            var e = 0.01;
            foreach (var at in strokes)
                if (t >= at && t - at < 0.3) e += 0.3 * Math.Exp(-(t - at) / 0.06);
            if (tracker.Push(e) && double.IsFinite(tracker.ChangedOnStroke)) fromStrokes++;
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{strokes.Count} strokes, {fromStrokes} tempo changes read from them");
        Assert.InRange(fromStrokes, 0, 1);
    }

    [Fact]
    public void Phase_PeaksAfterTheGrid_ReportsPositiveOffset()
    {
        var tracker = new TempoTracker(initialBpm: 120);
        foreach (var e in Synthetic.Pulses(120, seconds: 6, phaseSeconds: 0.1)) tracker.Push(e);

        var phase = tracker.Strokes.Phase(beatTimeSeconds: 5.0, periodSeconds: 0.5);

        Assert.InRange(phase.OffsetSeconds, 0.07, 0.13);
        Assert.True(phase.Strength > 0.5, $"strength {phase.Strength}");
    }
}
