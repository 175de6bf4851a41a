namespace Expotion.Music.Core.Conductor;

/// <summary>A tonic pitch class and a tonality; maps scale degrees to pitches.</summary>
public readonly record struct MusicalKey(int TonicPc, Tonality Tonality)
{
    private static readonly int[] MajorScale = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] MinorScale = [0, 2, 3, 5, 7, 8, 10];
    private static readonly string[] Names = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];

    /// <summary>Pitch-class name with flats except F#.</summary>
    public static string PitchName(int pc) => Names[Mod(pc, 12)];

    /// <summary>E.g. "A minor".</summary>
    public string Name => $"{PitchName(TonicPc)} {(Tonality == Tonality.Major ? "major" : "minor")}";

    /// <summary>The key chosen for a seed and a prompt: the tonic is a deterministic draw over all 12.</summary>
    public static MusicalKey Choose(ulong seed, string prompt, Tonality tonality) =>
        new(SeededRandom.From(seed, "key:" + prompt).Next(12), tonality);

    /// <summary>Semitones above the tonic of a scale degree (any integer; 7 is the octave).</summary>
    public int DegreeOffset(int degree)
    {
        var scale = Tonality == Tonality.Major ? MajorScale : MinorScale;
        return scale[Mod(degree, 7)] + 12 * FloorDiv(degree, 7);
    }

    /// <summary>Pitch class of a scale degree.</summary>
    public int DegreePc(int degree) => Mod(TonicPc + DegreeOffset(degree), 12);

    /// <summary>Whether a pitch class is in the scale.</summary>
    public bool Contains(int pc)
    {
        for (var d = 0; d < 7; d++)
            if (DegreePc(d) == Mod(pc, 12)) return true;
        return false;
    }

    public MusicalKey WithTonality(Tonality tonality) => this with { Tonality = tonality };

    internal static int Mod(int x, int m) => ((x % m) + m) % m;

    internal static int FloorDiv(int x, int m) => (int)Math.Floor(x / (double)m);
}
