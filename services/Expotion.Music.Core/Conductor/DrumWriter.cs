namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Drums on channel 10 in four tiers by motion level (none, light, basic, full) with hysteresis; at the top
/// a fill closes every fourth bar and a crash opens every eighth. When the drums come back after
/// stillness they re-enter on the beat with a crash, and a large gesture (<see cref="BeatContext.Accent"/>) crashes too.
/// </summary>
internal sealed class DrumWriter(Style style, NoteScheduler notes, SeededRandom rng, int channel)
{
    private const double Hysteresis = 0.04;
    private int _tier;

    /// <summary>The current tier: 0 none, 1 light, 2 basic, 3 full.</summary>
    public int Tier => _tier;

    public void Beat(in BeatContext beat)
    {
        var previous = _tier;
        _tier = NextTier(beat.Level);
        if (_tier == 0) return;

        var lanes = _tier switch { 1 => style.Drums.Light, 2 => style.Drums.Basic, _ => style.Drums.Full };
        var fill = _tier == 3 && beat.Level >= style.DrumGate + 0.45 && beat.Bar % 4 == 3 && beat.BeatInBar >= 2;
        if (fill) lanes = style.Drums.Fill;

        var crash = beat.BeatInBar == 0 && _tier == 3 && beat.Bar % 8 == 0 || previous == 0 && _tier >= 2 || beat.Accent && !beat.AccentAnswered;
        if (crash)
            notes.NoteOn(beat.StepFrame(beat.BeatInBar * 4, style), channel, DrumPattern.Crash, beat.Velocity(0.9, 1.0), beat.Frames(8));

        for (var step = beat.BeatInBar * 4; step < beat.BeatInBar * 4 + 4; step++)
            foreach (var lane in lanes)
            {
                var accent = DrumLane.Accent(lane.Steps[step]);
                if (accent <= 0) continue;
                notes.NoteOn(beat.StepFrame(step, style), channel, lane.Note, beat.Velocity(accent, 1.0, rng.Next(7) - 3), beat.Frames(1));
            }
    }

    private int NextTier(double level)
    {
        double[] up = [style.DrumGate, style.DrumGate + 0.12, style.DrumGate + 0.35];
        var tier = 0;
        for (var t = 0; t < up.Length; t++)
        {
            var threshold = t < _tier ? up[t] - Hysteresis : up[t];
            if (level >= threshold) tier = t + 1;
        }
        return tier;
    }
}
