namespace Expotion.Music.Core.Conductor;

/// <summary>
/// The bass line: the style's sparse or busy pattern on the chord's root, fifth, octave, third and
/// approach notes, or a walking line; when the performer is still, one soft held root per chord.
/// </summary>
internal sealed class BassWriter(Style style, NoteScheduler notes, SeededRandom rng, int channel)
{
    /// <summary>Lowest root; roots lie in this note's octave (A1..G#2).</summary>
    public const int RootLow = 33;

    public static int Root(int pc) => RootLow + MusicalKey.Mod(pc - RootLow, 12);

    public void Beat(in BeatContext beat, Chord chord, Chord next, bool chordChanged)
    {
        var root = Root(chord.RootPc);
        if (beat.Level < Dynamics.StillLevel)
        {
            if (beat.BeatInBar == 0 && chordChanged)
                notes.NoteOn(beat.StepFrame(0, style), channel, root, beat.Velocity(0.8, 0.9), beat.Frames(16 * 0.95));
            return;
        }
        var pattern = beat.Level >= style.CompGate + 0.3 ? style.Bass.High : style.Bass.Low;
        var nextRoot = Root(next.RootPc);
        for (var step = beat.BeatInBar * 4; step < beat.BeatInBar * 4 + 4; step++)
        {
            var c = pattern[step];
            int key;
            var accent = 0.9;
            switch (c)
            {
                case 'R': key = root; accent = 1.0; break;
                case 'r': key = root; accent = 0.7; break;
                case '5': key = root + chord.Fifth; break;
                case '8': key = root + 12; break;
                case '3': key = root + chord.Third; break;
                case '7': key = root + (chord.Intervals.Count > 3 ? chord.Intervals[3] : 10); break;
                case 'a': key = nextRoot + (nextRoot > root ? -1 : 1); accent = 0.8; break;
                case 'w': key = Walk(beat.BeatInBar, root, chord, nextRoot); accent = beat.BeatInBar == 0 ? 1.0 : 0.85; break;
                default: continue;
            }
            var length = PartPattern.Length(pattern, step);
            notes.NoteOn(beat.StepFrame(step, style), channel, key, beat.Velocity(accent, 0.95, rng.Next(5) - 2), beat.Frames(length * 0.92));
        }
    }

    private int Walk(int beatInBar, int root, Chord chord, int nextRoot) => beatInBar switch
    {
        0 => root,
        1 => root + (rng.Chance(0.5) ? chord.Third : chord.Fifth),
        2 => root + (rng.Chance(0.7) ? chord.Fifth : 12),
        _ => nextRoot + (rng.Chance(0.6) ? -1 : 1),
    };
}
