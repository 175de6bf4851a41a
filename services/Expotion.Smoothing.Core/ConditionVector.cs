namespace Expotion.Smoothing.Core;

/// <summary>A frame on the 50 Hz grid: Index n at PtsUs = n × 20 ms (offline mode: from the first input frame's time).</summary>
public readonly record struct ConditionVector(long Index, long PtsUs, float[] Values);
