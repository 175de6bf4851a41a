namespace Expotion.Music.Core.Conductor;

/// <summary>A chord in a key: root pitch class, intervals above the root and the suffix of its name.</summary>
public sealed record Chord(int RootPc, IReadOnlyList<int> Intervals, string Suffix)
{
    /// <summary>E.g. "Am7", "Bb", "F#dim".</summary>
    public string Name => MusicalKey.PitchName(RootPc) + Suffix;

    /// <summary>The distinct pitch classes of the chord.</summary>
    public IReadOnlyList<int> PitchClasses => Intervals.Select(i => MusicalKey.Mod(RootPc + i, 12)).Distinct().ToArray();

    public bool Contains(int pc) => PitchClasses.Contains(MusicalKey.Mod(pc, 12));

    /// <summary>Semitones from root to third (3 or 4), or the second interval for suspended/power chords.</summary>
    public int Third => Intervals.FirstOrDefault(i => i is 3 or 4, Intervals.Count > 1 ? Intervals[1] : 7);

    /// <summary>Semitones from root to fifth (6, 7 or 8), or 7.</summary>
    public int Fifth => Intervals.FirstOrDefault(i => i is 6 or 7 or 8, 7);

    public override string ToString() => Name;
}
