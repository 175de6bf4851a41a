using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

public sealed class BeatClockTests
{
    private const int Rate = 32000;

    [Fact]
    public void BeginTick_SpansOneFiftiethOfASecond()
    {
        var clock = new BeatClock(Rate, 120);
        clock.BeginTick();
        var (tick, start, end) = clock.BeginTick();
        Assert.Equal(1, tick);
        Assert.Equal(640, start);
        Assert.Equal(1280, end);
        Assert.Equal(2, clock.Ticks);
    }

    [Fact]
    public void Advance_NoPhase_NextBeatOnePeriodLater()
    {
        var clock = new BeatClock(Rate, 120);
        Assert.True(clock.BeatDue(1));
        clock.Advance(default);
        Assert.Equal(16000, clock.NextBeatFrame);
        Assert.Equal(1, clock.BeatIndex);
        Assert.False(clock.BeatDue(16000));
    }

    [Fact]
    public void Advance_StrokesSlightlyLate_NudgesAtMostATenthOfABeat()
    {
        var clock = new BeatClock(Rate, 120);
        clock.Advance(new BeatPhase(OffsetSeconds: 0.04, Strength: 1));
        Assert.Equal(16000 + 0.5 * 0.04 * Rate, clock.NextBeatFrame, 6);
        clock.Advance(new BeatPhase(OffsetSeconds: 0.1, Strength: 0.3));   // weak: no jump, clamped nudge
        Assert.Equal(16000 + 640 + 16000 + 0.5 * 0.3 * 0.1 * Rate, clock.NextBeatFrame, 6);
    }

    [Fact]
    public void Advance_StrokesFarOffTwoBeatsRunning_JumpsOntoThem()
    {
        var clock = new BeatClock(Rate, 120);
        clock.Advance(new BeatPhase(0.2, 1));          // first miss: clamped to a tenth of a beat
        Assert.Equal(16000 + 1600, clock.NextBeatFrame, 6);
        clock.Advance(new BeatPhase(0.2, 1));          // second miss: the whole offset
        Assert.Equal(16000 + 1600 + 16000 + 0.2 * Rate, clock.NextBeatFrame, 6);
    }

    [Fact]
    public void Anchor_NextBeatIsTheStrokesFirstGridPointNotBefore()
    {
        var clock = new BeatClock(Rate, 120);
        clock.Anchor(strokeFrame: 100_000, notBefore: 120_000);
        Assert.Equal(132_000, clock.NextBeatFrame);
        clock.SetTempo(60);
        Assert.Equal(32000, clock.PeriodFrames);
    }
}
