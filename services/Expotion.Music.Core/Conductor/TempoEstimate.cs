namespace Expotion.Music.Core.Conductor;

/// <summary>A tempo read from the motion: beats per minute and a confidence in 0..1 (0: no evidence).</summary>
public readonly record struct TempoEstimate(double Bpm, double Confidence);
