using Expotion.Core;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// The stream's musical time: the 50 Hz control ticks laid out in output frames, and the beat grid over them.
/// A beat is due when it starts before the end of the tick being processed; after each beat the next one is
/// nudged towards the motion's strokes (a first-order phase-locked loop, gain 0.5 × strength, at most 10 % of a
/// beat), and when the strokes sit more than 15 % of a beat off the grid for two beats running the grid jumps
/// onto them. <see cref="AnchorDownbeat"/> starts the grid on a stroke after stillness, <see cref="Anchor"/>
/// moves it onto that stroke's peak once it is confirmed. A new tempo takes effect from
/// the next beat placed; a change read from the strokes re-anchors the grid on its stroke at once.
/// </summary>
internal sealed class BeatClock(int sampleRate, double bpm)
{
    private double _nextBeatFrame;
    private int _phaseMisses;

    /// <summary>Ticks begun so far (the next tick's index).</summary>
    public long Ticks { get; private set; }

    /// <summary>Length of a beat in output frames at the tempo in use.</summary>
    public double PeriodFrames { get; private set; } = sampleRate * 60.0 / bpm;

    /// <summary>Index of the next beat from the start of the stream.</summary>
    public long BeatIndex { get; private set; }

    /// <summary>Where the next beat starts, in output frames.</summary>
    public double NextBeatFrame => _nextBeatFrame;

    /// <summary>Where the last beat placed started, in output frames (−∞ before the first).</summary>
    public double LastBeatFrame { get; private set; } = double.NegativeInfinity;

    /// <summary>Starts the next tick; returns its index and the output frames it spans.</summary>
    public (long Tick, double Start, double End) BeginTick()
    {
        var tick = Ticks++;
        return (tick, FrameOf(tick), FrameOf(tick + 1));
    }

    /// <summary>Output frame at which tick <paramref name="tick"/> starts.</summary>
    public double FrameOf(long tick) => tick * (double)sampleRate / TimeGrid.RateHz;

    /// <summary>Whether the next beat starts before <paramref name="tickEnd"/>.</summary>
    public bool BeatDue(double tickEnd) => _nextBeatFrame < tickEnd;

    /// <summary>From the next beat on, beats are <paramref name="newBpm"/> apart.</summary>
    public void SetTempo(double newBpm) => PeriodFrames = sampleRate * 60.0 / newBpm;

    /// <summary>
    /// Ends the beat that started at <see cref="NextBeatFrame"/>: the next one is a period later, corrected by where
    /// the motion's strokes fall relative to this beat (<paramref name="phase"/>).
    /// </summary>
    public void Advance(BeatPhase phase)
    {
        var offset = phase.OffsetSeconds * sampleRate;
        _phaseMisses = phase.Strength >= 0.4 && Math.Abs(offset) > 0.15 * PeriodFrames ? _phaseMisses + 1 : 0;
        double correction;
        if (_phaseMisses >= 2)
        {
            correction = offset;
            _phaseMisses = 0;
        }
        else correction = Math.Clamp(0.5 * phase.Strength * offset, -0.1 * PeriodFrames, 0.1 * PeriodFrames);
        LastBeatFrame = _nextBeatFrame;
        _nextBeatFrame += PeriodFrames + correction;
        BeatIndex++;
    }

    /// <summary>Starts the grid at <paramref name="frame"/>: the next beat is there, and it is the first beat of a bar.</summary>
    public void AnchorDownbeat(double frame)
    {
        _nextBeatFrame = frame;
        _phaseMisses = 0;
        BeatIndex = (BeatIndex + 3) / 4 * 4;
    }

    /// <summary>Sets the grid through a stroke at <paramref name="strokeFrame"/>: the next beat is its first grid point at or after <paramref name="notBefore"/>.</summary>
    public void Anchor(double strokeFrame, double notBefore)
    {
        var next = strokeFrame;
        while (next < notBefore) next += PeriodFrames;
        _nextBeatFrame = next;
        _phaseMisses = 0;
    }
}
