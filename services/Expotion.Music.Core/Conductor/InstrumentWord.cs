namespace Expotion.Music.Core.Conductor;

/// <summary>
/// An instrument a prompt can name: its General MIDI program, the parts it can play (most idiomatic first) and the
/// programs that count as the same instrument (a style whose comp is already a piano keeps its own piano for "piano").
/// </summary>
/// <param name="Word">The prompt word (multi-word names are joined by <see cref="PromptStyle.Words"/>, e.g. "acousticguitar").</param>
/// <param name="Program">0-based GM program, or the drum kit for <see cref="InstrumentPart.Drums"/>.</param>
/// <param name="Name">How the Style event names it.</param>
/// <param name="Roles">Parts it can play, most idiomatic first; "solo …" gives it all of them.</param>
/// <param name="FamilyLow">Lowest program of the same instrument.</param>
/// <param name="FamilyHigh">Highest program of the same instrument.</param>
public sealed record InstrumentWord(string Word, int Program, string Name, IReadOnlyList<InstrumentPart> Roles, int FamilyLow, int FamilyHigh)
{
    private const InstrumentPart P = InstrumentPart.Pad, C = InstrumentPart.Comp, B = InstrumentPart.Bass,
        L = InstrumentPart.Lead, D = InstrumentPart.Drums;

    /// <summary>Whether <paramref name="program"/> is this instrument.</summary>
    public bool Plays(int? program) => program is { } p && p >= FamilyLow && p <= FamilyHigh;

    public static IReadOnlyList<InstrumentWord> All { get; } =
    [
        new("piano", 0, "piano", [L, C, P, B], 0, 3),
        new("grandpiano", 0, "piano", [L, C, P, B], 0, 3),
        new("keys", 0, "piano", [C, L, P], 0, 5),
        new("epiano", 4, "electric piano", [C, L, P], 4, 5),
        new("rhodes", 4, "electric piano", [C, L, P], 4, 5),
        new("wurlitzer", 4, "electric piano", [C, L, P], 4, 5),
        new("harpsichord", 6, "harpsichord", [C, L], 6, 6),
        new("clavinet", 7, "clavinet", [C, L], 7, 7),
        new("clav", 7, "clavinet", [C, L], 7, 7),
        new("celesta", 8, "celesta", [L, C], 8, 8),
        new("bells", 8, "celesta", [L, C], 8, 10),
        new("glockenspiel", 9, "glockenspiel", [L], 9, 9),
        new("musicbox", 10, "music box", [L, C], 10, 10),
        new("vibraphone", 11, "vibraphone", [L, C], 11, 11),
        new("vibes", 11, "vibraphone", [L, C], 11, 11),
        new("marimba", 12, "marimba", [L, C], 12, 12),
        new("xylophone", 13, "xylophone", [L], 13, 13),
        new("organ", 16, "organ", [C, P, L], 16, 20),
        new("hammond", 16, "organ", [C, P, L], 16, 18),
        new("churchorgan", 19, "church organ", [P, L, C], 19, 20),
        new("accordion", 21, "accordion", [C, L, P], 21, 21),
        new("harmonica", 22, "harmonica", [L], 22, 22),
        new("melodica", 22, "melodica", [L], 22, 22),
        new("guitar", 27, "guitar", [C, L, B], 24, 31),
        new("guitars", 27, "guitar", [C, L, B], 24, 31),
        new("acousticguitar", 25, "acoustic guitar", [C, L, B], 24, 25),
        new("acoustic", 25, "acoustic guitar", [C, L, B], 24, 25),
        new("nylonguitar", 24, "nylon guitar", [C, L, B], 24, 24),
        new("classicalguitar", 24, "nylon guitar", [C, L, B], 24, 24),
        new("electricguitar", 27, "electric guitar", [C, L], 26, 31),
        new("distortedguitar", 30, "distortion guitar", [C, L], 29, 30),
        new("bass", 33, "bass", [B], 32, 39),
        new("bassline", 33, "bass", [B], 32, 39),
        new("bassguitar", 33, "electric bass", [B], 33, 34),
        new("uprightbass", 32, "upright bass", [B], 32, 32),
        new("doublebass", 32, "upright bass", [B], 32, 32),
        new("contrabass", 43, "contrabass", [B], 43, 43),
        new("slapbass", 36, "slap bass", [B], 36, 37),
        new("synthbass", 38, "synth bass", [B], 38, 39),
        new("violin", 40, "violin", [L, C], 40, 40),
        new("violins", 48, "violins", [L, P, C], 40, 51),
        new("fiddle", 110, "fiddle", [L], 110, 110),
        new("viola", 41, "viola", [C, L], 41, 41),
        new("cello", 42, "cello", [L, B, C], 42, 42),
        new("cellos", 42, "cello", [B, L, C], 42, 42),
        new("pizzicato", 45, "pizzicato strings", [C], 45, 45),
        new("harp", 46, "harp", [C, L], 46, 46),
        new("strings", 48, "strings", [P, C, L], 40, 51),
        new("string", 48, "strings", [P, C, L], 40, 51),
        new("orchestra", 48, "strings", [P, C], 40, 51),
        new("choir", 52, "choir", [P, L], 52, 54),
        new("voices", 52, "choir", [P, L], 52, 54),
        new("trumpet", 56, "trumpet", [L, C], 56, 56),
        new("trumpets", 56, "trumpet", [L, C], 56, 56),
        new("trombone", 57, "trombone", [L, C, B], 57, 57),
        new("tuba", 58, "tuba", [B, L], 58, 58),
        new("mutedtrumpet", 59, "muted trumpet", [L], 59, 59),
        new("horn", 60, "french horn", [L, P], 60, 60),
        new("horns", 60, "french horn", [L, P, C], 60, 61),
        new("frenchhorn", 60, "french horn", [L, P], 60, 60),
        new("brass", 61, "brass section", [C, L, P], 56, 63),
        new("sax", 65, "alto sax", [L, C], 64, 67),
        new("saxophone", 65, "alto sax", [L, C], 64, 67),
        new("altosax", 65, "alto sax", [L], 65, 65),
        new("tenorsax", 66, "tenor sax", [L], 66, 66),
        new("tenor", 66, "tenor sax", [L], 66, 66),
        new("baritonesax", 67, "baritone sax", [L, B], 67, 67),
        new("oboe", 68, "oboe", [L], 68, 68),
        new("bassoon", 70, "bassoon", [B, L], 70, 70),
        new("clarinet", 71, "clarinet", [L], 71, 71),
        new("piccolo", 72, "piccolo", [L], 72, 72),
        new("flute", 73, "flute", [L, C], 73, 73),
        new("flutes", 73, "flute", [L, C], 73, 73),
        new("recorder", 74, "recorder", [L], 74, 74),
        new("panflute", 75, "pan flute", [L], 75, 75),
        new("whistle", 78, "whistle", [L], 78, 78),
        new("ocarina", 79, "ocarina", [L], 79, 79),
        new("synth", 81, "saw lead", [L, P, C], 80, 95),
        new("synths", 81, "saw lead", [L, P, C], 80, 95),
        new("synthesizer", 81, "saw lead", [L, P, C], 80, 95),
        new("synthpad", 89, "warm pad", [P], 88, 95),
        new("pad", 89, "warm pad", [P], 88, 95),
        new("pads", 89, "warm pad", [P], 88, 95),
        new("sitar", 104, "sitar", [L], 104, 104),
        new("banjo", 105, "banjo", [C, L], 105, 105),
        new("mandolin", 105, "mandolin", [C, L], 105, 105),
        new("ukulele", 24, "ukulele", [C, L], 24, 24),
        new("koto", 107, "koto", [L, C], 107, 107),
        new("kalimba", 108, "kalimba", [L, C], 108, 108),
        new("bagpipe", 109, "bagpipe", [L], 109, 109),
        new("bagpipes", 109, "bagpipe", [L], 109, 109),
        new("steeldrums", 114, "steel drums", [L, C], 114, 114),
        new("drums", 0, "drums", [D], 0, 127),
        new("drum", 0, "drums", [D], 0, 127),
        new("percussion", 0, "drums", [D], 0, 127),
        new("drumkit", 0, "drums", [D], 0, 127),
        new("808", 25, "TR-808 drums", [D], 25, 25),
        new("drummachine", 24, "electronic drums", [D], 24, 25),
        new("brushes", 40, "brushed drums", [D], 40, 40),
    ];

    /// <summary>The instrument a prompt word names, or null.</summary>
    public static InstrumentWord? Find(string word) => All.FirstOrDefault(i => i.Word == word);
}
