namespace Expotion.Eval;

/// <summary>A tempo estimate at time <paramref name="Time"/> (s); NaN BPM when there is none.</summary>
public readonly record struct TempoPoint(double Time, double Bpm, double Strength);
