namespace Expotion.Music.Core;

/// <summary>One condition frame on the 50 Hz grid: Index n sits at PtsUs = n * 20 000.</summary>
public readonly record struct Condition(long Index, long PtsUs, float[] Values)
{
    public const int RateHz = 50;
    public const long PeriodUs = 1_000_000 / RateHz;
}
