namespace Expotion.Music.Core.Conductor;

/// <summary>What the conductor took from a prompt.</summary>
/// <param name="Style">The chosen style.</param>
/// <param name="Reason">Why, in words (reported in the <see cref="StyleEvent"/>).</param>
/// <param name="Tonality">Major or minor: from mood words, else the style's.</param>
/// <param name="TonalityFromPrompt">True when a mood word chose the tonality (then expression does not override it).</param>
/// <param name="Bpm">Starting tempo.</param>
/// <param name="TempoSource">"prompt" when the prompt set or hinted the tempo, else "default".</param>
/// <param name="TempoPriorWidth">Width in octaves of the tempo prior around <paramref name="Bpm"/>: narrow for "120 bpm".</param>
/// <param name="LeadProgram">A General MIDI program named by the prompt ("sax", "piano"), or null.</param>
/// <param name="Instruments">The programs that play: the style's, with the parts the prompt named replaced.</param>
/// <param name="Drums">False when the prompt asked for no drums.</param>
public sealed record PromptReading(
    Style Style,
    string Reason,
    Tonality Tonality,
    bool TonalityFromPrompt,
    double Bpm,
    string TempoSource,
    double TempoPriorWidth,
    int? LeadProgram,
    Instrumentation Instruments,
    bool Drums = true);
