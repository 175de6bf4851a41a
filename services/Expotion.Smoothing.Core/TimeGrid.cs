namespace Expotion.Smoothing.Core;

/// <summary>The 50 Hz grid of 32 kHz EnCodec tokens: frame n sits at n × 20 ms.</summary>
public static class TimeGrid
{
    public const int RateHz = 50;
    public const long PeriodUs = 1_000_000 / RateHz;
    public const double PeriodMs = 1000.0 / RateHz;

    /// <summary>The first grid index at or after <paramref name="ptsUs"/>.</summary>
    public static long CeilIndex(long ptsUs) => (ptsUs + PeriodUs - 1) / PeriodUs;

    public static long PtsOf(long index) => index * PeriodUs;
}
