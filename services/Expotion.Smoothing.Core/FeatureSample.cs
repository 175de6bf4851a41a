namespace Expotion.Smoothing.Core;

/// <summary>A feature frame at an arbitrary time (any fps, jitter, drops).</summary>
public readonly record struct FeatureSample(long PtsUs, float[] Values);
