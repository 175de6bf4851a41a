namespace Expotion.Music.Core;

/// <summary>One condition frame on the 50 Hz <see cref="Expotion.Core.TimeGrid"/>: Index n sits at PtsUs = n * 20 000.</summary>
public readonly record struct Condition(long Index, long PtsUs, float[] Values);
