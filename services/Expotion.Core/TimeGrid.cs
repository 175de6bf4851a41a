namespace Expotion.Core;

/// <summary>
/// The 50 Hz grid of 32 kHz EnCodec tokens, on which every condition lies: point n sits at n × 20 ms.
/// Smoothing resamples onto it, the music backends tick on it, the gateway and the clients line up with it.
/// </summary>
public static class TimeGrid
{
    public const int RateHz = 50;
    public const long PeriodUs = 1_000_000 / RateHz;
    public const double PeriodMs = 1000.0 / RateHz;

    /// <summary>The first grid index at or after <paramref name="ptsUs"/>.</summary>
    public static long CeilIndex(long ptsUs) => (ptsUs + PeriodUs - 1) / PeriodUs;

    /// <summary>The last grid index at or before <paramref name="ptsUs"/> (not negative).</summary>
    public static long FloorIndex(long ptsUs) => ptsUs / PeriodUs;

    public static long PtsOf(long index) => index * PeriodUs;
}
