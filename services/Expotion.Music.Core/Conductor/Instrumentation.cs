namespace Expotion.Music.Core.Conductor;

/// <summary>
/// General MIDI programs (0-based) of a style's parts and the drum kit (a program on channel 10). A null
/// program means the part does not play (a style without drums, "no drums", "solo piano").
/// </summary>
/// <param name="Pad">Sustained chords; the part that holds when the performer is still.</param>
/// <param name="Comp">Rhythmic chords or arpeggios.</param>
/// <param name="Bass">Bass line.</param>
/// <param name="Lead">The melodic voice.</param>
/// <param name="DrumKit">0 standard, 8 room, 16 power, 24 electronic, 25 TR-808, 32 jazz, 40 brush, 48 orchestra.</param>
public sealed record Instrumentation(int? Pad, int? Comp, int? Bass, int? Lead, int? DrumKit)
{
    /// <summary>The programs of the melodic parts that play (pad, comp, bass, lead), in that order.</summary>
    public IEnumerable<int> MelodicPrograms =>
        new[] { Pad, Comp, Bass, Lead }.Where(p => p is not null).Select(p => p!.Value);

    /// <summary>A part's program by name ("pad", "comp", "bass", "lead", "drums").</summary>
    public int? this[InstrumentPart part] => part switch
    {
        InstrumentPart.Pad => Pad,
        InstrumentPart.Comp => Comp,
        InstrumentPart.Bass => Bass,
        InstrumentPart.Lead => Lead,
        _ => DrumKit,
    };

    /// <summary>This instrumentation with one part's program replaced (null silences it).</summary>
    public Instrumentation With(InstrumentPart part, int? program) => part switch
    {
        InstrumentPart.Pad => this with { Pad = program },
        InstrumentPart.Comp => this with { Comp = program },
        InstrumentPart.Bass => this with { Bass = program },
        InstrumentPart.Lead => this with { Lead = program },
        _ => this with { DrumKit = program },
    };
}

