namespace Expotion.Eval;

/// <summary>A stretch of a <see cref="RhythmVideo"/>: [Start, End) s at <paramref name="Bpm"/> (0 = still).</summary>
public sealed record RhythmSegment(double Start, double End, double Bpm);
