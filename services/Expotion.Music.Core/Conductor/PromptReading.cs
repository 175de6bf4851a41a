namespace Expotion.Music.Core.Conductor;

/// <summary>What the conductor took from a prompt.</summary>
/// <param name="Style">The chosen style.</param>
/// <param name="Reason">Why, in words (reported in the <see cref="StyleEvent"/>).</param>
/// <param name="Tonality">Major or minor: from a named key or mood words, else the style's.</param>
/// <param name="TonalityFromPrompt">True when a named key or a mood word chose the tonality (then expression does not override it).</param>
/// <param name="Bpm">Starting tempo, and the centre of the tempo tracker's prior.</param>
/// <param name="TempoSource">"prompt" when the prompt set or hinted the tempo, else "default".</param>
/// <param name="TempoPriorWidth">Width in octaves of the tempo prior around <paramref name="Bpm"/>: narrow for "120 bpm", "half time".</param>
/// <param name="Instruments">The programs that play: the style's, with the instruments the prompt named put on their parts and the ones it excluded silenced.</param>
public sealed record PromptReading(
    Style Style,
    string Reason,
    Tonality Tonality,
    bool TonalityFromPrompt,
    double Bpm,
    string TempoSource,
    double TempoPriorWidth,
    Instrumentation Instruments)
{
    /// <summary>The tonic pitch class the prompt named ("in D minor"), or null (then the seed draws it).</summary>
    public int? TonicPc { get; init; }

    /// <summary>The key: the named tonic, or one drawn from the seed and prompt, in <see cref="Tonality"/>.</summary>
    public MusicalKey Key(ulong seed, string prompt) =>
        TonicPc is { } pc ? new MusicalKey(pc, Tonality) : MusicalKey.Choose(seed, prompt, Tonality);
}
