namespace Expotion.Music.Core.Conductor;

/// <summary>
/// A roman-numeral chord relative to the tonic, e.g. "I", "vi", "bVII", "ii7", "V7", "Imaj7", "iim7b5",
/// "IVsus2", "I5". Upper case is major, lower case minor; degrees count from the major scale, so a minor
/// key writes its chords with flats ("i bVI bIII bVII").
/// </summary>
public sealed record ChordSymbol(int Offset, IReadOnlyList<int> Intervals, string Suffix, string Text)
{
    private static readonly string[] Numerals = ["VII", "III", "VI", "IV", "II", "V", "I"];
    private static readonly int[] NumeralOffsets = [11, 4, 9, 5, 2, 7, 0];

    /// <summary>Parses a roman numeral; throws <see cref="FormatException"/> on anything else.</summary>
    public static ChordSymbol Parse(string text)
    {
        var s = text.AsSpan().Trim();
        var offset = 0;
        if (s.Length > 0 && s[0] is 'b' or '#')
        {
            offset = s[0] == 'b' ? -1 : 1;
            s = s[1..];
        }
        for (var n = 0; n < Numerals.Length; n++)
        {
            var numeral = Numerals[n];
            if (s.Length < numeral.Length || !s[..numeral.Length].Equals(numeral, StringComparison.OrdinalIgnoreCase))
                continue;
            var head = s[..numeral.Length];
            var upper = char.IsUpper(head[0]);
            if (head.ToString() != (upper ? numeral : numeral.ToLowerInvariant()))
                throw new FormatException($"mixed case in chord '{text}'");
            var (intervals, suffix) = Quality(s[numeral.Length..].ToString(), upper, text);
            return new ChordSymbol(MusicalKey.Mod(NumeralOffsets[n] + offset, 12), intervals, suffix, text.Trim());
        }
        throw new FormatException($"'{text}' is not a roman-numeral chord");
    }

    /// <summary>Parses a space-separated progression.</summary>
    public static IReadOnlyList<ChordSymbol> ParseProgression(string progression) =>
        progression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();

    /// <summary>The chord in <paramref name="key"/>.</summary>
    public Chord In(MusicalKey key) => new(MusicalKey.Mod(key.TonicPc + Offset, 12), Intervals, Suffix);

    public override string ToString() => Text;

    private static (int[] Intervals, string Suffix) Quality(string rest, bool upper, string text) => (rest, upper) switch
    {
        ("", true) => ([0, 4, 7], ""),
        ("", false) => ([0, 3, 7], "m"),
        ("7", true) => ([0, 4, 7, 10], "7"),
        ("7", false) => ([0, 3, 7, 10], "m7"),
        ("maj7", true) => ([0, 4, 7, 11], "maj7"),
        ("9", true) => ([0, 4, 7, 10, 14], "9"),
        ("9", false) => ([0, 3, 7, 10, 14], "m9"),
        ("maj9", true) => ([0, 4, 7, 11, 14], "maj9"),
        ("6", true) => ([0, 4, 7, 9], "6"),
        ("6", false) => ([0, 3, 7, 9], "m6"),
        ("m7b5", false) => ([0, 3, 6, 10], "m7b5"),
        ("dim", false) => ([0, 3, 6], "dim"),
        ("sus2", true) => ([0, 2, 7], "sus2"),
        ("sus4", true) => ([0, 5, 7], "sus4"),
        ("5", true) => ([0, 7], "5"),
        _ => throw new FormatException($"unknown chord quality '{rest}' in '{text}'"),
    };
}
