namespace Expotion.Music.Core.Conductor;

/// <summary>One beat being arranged: where it is (frames), how long it lasts and how much the performer moves.</summary>
/// <param name="Index">Beat number from the start of the stream.</param>
/// <param name="Bar">4/4 bar number.</param>
/// <param name="BeatInBar">0..3.</param>
/// <param name="Frame">Start of the beat in output frames.</param>
/// <param name="PeriodFrames">Length of the beat in frames at the current tempo.</param>
/// <param name="Level">Motion level 0..1.</param>
/// <param name="Accent">A large gesture led into this beat (<see cref="GestureAccents"/>): louder, and the drums crash.</param>
/// <param name="AccentAnswered">The gesture was already answered with a crash when it surged, so the drums do not crash again.</param>
internal readonly record struct BeatContext(long Index, long Bar, int BeatInBar, double Frame, double PeriodFrames, double Level, bool Accent = false,
    bool AccentAnswered = false)
{
    /// <summary>Frames per sixteenth.</summary>
    public double StepFrames => PeriodFrames / 4;

    /// <summary>The frame of sixteenth <paramref name="stepInBar"/> (which must lie in this beat), with swing.</summary>
    public long StepFrame(int stepInBar, Style style)
    {
        var sub = stepInBar % 4;
        var swing = sub switch
        {
            2 => style.Swing8 * PeriodFrames / 6,
            1 => style.Swing16 * PeriodFrames / 12,
            3 => (style.Swing16 + style.Swing8) * PeriodFrames / 12,
            _ => 0,
        };
        return (long)Math.Round(Frame + sub * StepFrames + swing);
    }

    /// <summary>Frames of <paramref name="steps"/> sixteenths.</summary>
    public long Frames(double steps) => Math.Max(1, (long)Math.Round(steps * StepFrames));

    /// <summary>MIDI velocity for this beat's level: 0.35..0.95 of full scale times accent and part gain (×1.25 on an accented beat).</summary>
    public int Velocity(double accent, double gain, int humanize = 0) =>
        Math.Clamp((int)Math.Round(127 * Dynamics.Velocity(Level) * accent * gain * (Accent ? 1.25 : 1)) + humanize, 1, 127);
}
