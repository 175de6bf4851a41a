using Expotion.Core;
namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Follows facial expression when the condition layout carries <c>valence</c> and/or <c>arousal</c>
/// (in -1..1; the vision stage's <c>face.valence</c>/<c>face.arousal</c>, read only while <c>face.present</c>
/// is set: an unseen face holds the mood instead of pulling it to neutral): smoothed over a few seconds;
/// valence proposes the tonality, arousal lifts the level. In an ensemble these are the harmony member's
/// (the merge puts their face slots there). Without those names it reports nothing and the prompt alone sets the mood.
/// </summary>
public sealed class MoodFollower
{
    private readonly int _valenceIndex;
    private readonly int _arousalIndex;
    private readonly int _presentIndex;
    private readonly double _alpha = 1 - Math.Exp(-1.0 / (3.0 * TimeGrid.RateHz));

    public MoodFollower(ConditionLayout layout)
    {
        _valenceIndex = IndexOf(layout, "valence");
        _arousalIndex = IndexOf(layout, "arousal");
        _presentIndex = layout.IndexOf("face.present");
    }

    private static int IndexOf(ConditionLayout layout, string name) => layout.IndexOf(name) is >= 0 and var i ? i : layout.IndexOf("face." + name);

    public bool HasValence => _valenceIndex >= 0;
    public bool HasArousal => _arousalIndex >= 0;

    /// <summary>Smoothed valence (0 without it).</summary>
    public double Valence { get; private set; }

    /// <summary>Smoothed arousal (0 without it).</summary>
    public double Arousal { get; private set; }

    /// <summary>Level boost from arousal: up to +0.2 when excited, down to -0.1 when calm.</summary>
    public double LevelBoost => HasArousal ? Math.Clamp(Arousal, -0.5, 1) * 0.2 : 0;

    public void Push(ReadOnlySpan<float> values)
    {
        if (_presentIndex >= 0 && _presentIndex < values.Length && !(values[_presentIndex] > 0.5f)) return;
        if (HasValence) Valence += _alpha * (Sanitize(values, _valenceIndex) - Valence);
        if (HasArousal) Arousal += _alpha * (Sanitize(values, _arousalIndex) - Arousal);
    }

    /// <summary>The tonality valence suggests, with a dead band that keeps <paramref name="current"/>.</summary>
    public Tonality Suggest(Tonality current) =>
        !HasValence ? current : Valence < -0.15 ? Tonality.Minor : Valence > 0.15 ? Tonality.Major : current;

    private static double Sanitize(ReadOnlySpan<float> values, int index)
    {
        if (index >= values.Length) return 0;
        var v = values[index];
        return float.IsFinite(v) ? Math.Clamp(v, -1, 1) : 0;
    }
}
