namespace Expotion.Music.Core.Conductor;

/// <summary>A musical style: instruments, harmony, rhythm, tempo range and how it reacts to motion.</summary>
public sealed class Style
{
    /// <summary>Lower-case name, e.g. "funk".</summary>
    public required string Name { get; init; }

    /// <summary>Prompt words that select the style, strongest first (a split-off style's words are kept out of its parent).</summary>
    public required IReadOnlyList<string> Keywords { get; init; }

    /// <summary>Words that hint at the style with half the weight of a keyword.</summary>
    public IReadOnlyList<string> Hints { get; init; } = [];

    public required int TempoMin { get; init; }
    public required int TempoMax { get; init; }
    public required int TempoDefault { get; init; }

    /// <summary>The tonality when the prompt has no mood word.</summary>
    public required Tonality Tonality { get; init; }

    public required Instrumentation Instruments { get; init; }

    /// <summary>Bars per phrase: 8, or 12 for a 12-bar blues. Progressions are cycled inside it.</summary>
    public int PhraseBars { get; init; } = 8;

    /// <summary>Roman-numeral progressions (one chord per bar) used in major keys.</summary>
    public required IReadOnlyList<string> MajorProgressions { get; init; }

    /// <summary>Roman-numeral progressions used in minor keys.</summary>
    public required IReadOnlyList<string> MinorProgressions { get; init; }

    public required DrumPattern Drums { get; init; }
    public required PartPattern Bass { get; init; }
    public required PartPattern Comp { get; init; }

    /// <summary>One-bar rhythms the melody's motif is drawn from ('x' onset, '-' hold, '.' rest).</summary>
    public required IReadOnlyList<string> MotifRhythms { get; init; }

    /// <summary>Comping plays root–fifth–octave power chords.</summary>
    public bool PowerChords { get; init; }

    /// <summary>Delay of the off-beat eighth as a fraction of a full triplet swing (0 straight, 1 triplet).</summary>
    public double Swing8 { get; init; }

    /// <summary>Delay of the off-beat sixteenths, same scale.</summary>
    public double Swing16 { get; init; }

    /// <summary>Motion level (0..1) at which the drums come in; the busier tiers follow above it.</summary>
    public double DrumGate { get; init; } = 0.18;

    /// <summary>Motion level at which comping and the busy bass come in.</summary>
    public double CompGate { get; init; } = 0.22;

    /// <summary>Motion level at which the melody comes in.</summary>
    public double MelodyGate { get; init; } = 0.25;

    /// <summary>Pad loudness (0..1, as CC11) when still and when moving at full energy.</summary>
    public double PadStill { get; init; } = 0.8;
    public double PadMoving { get; init; } = 0.45;

    /// <summary>Reverb send (CC91, 0..127).</summary>
    public int Reverb { get; init; } = 40;

    /// <summary>Lowest and highest note of pad and comp voicings.</summary>
    public int VoicingLow { get; init; } = 52;
    public int VoicingHigh { get; init; } = 76;

    /// <summary>Octave shift of the melody (-1, 0, 1); at 0 its tonic lies in C4..B4 and it spans a third below to a tenth above.</summary>
    public int LeadOctave { get; init; }

    /// <summary>Melody note length as a fraction of its written length.</summary>
    public double LeadLegato { get; init; } = 0.9;

    public override string ToString() => Name;
}
