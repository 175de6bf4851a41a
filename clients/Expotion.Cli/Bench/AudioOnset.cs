namespace Expotion.Cli.Bench;

/// <summary>
/// Finds, in a mono signal, the first sharp rise (a new onset) or the first lasting drop after a time: short-time RMS
/// of the first difference (a high-pass that favours drums and attacks over held notes) in 2 ms hops against the median
/// of the stretch before, so a held pad is neither taken for an onset nor hides the parts dropping out.
/// </summary>
internal static class AudioOnset
{
    private const int Hop = 64;

    /// <summary>First sample at or after <paramref name="from"/> where the RMS of the high-passed signal over 4 ms reaches
    /// 4× (12 dB) its median over the 300 ms before <paramref name="from"/> (and −40 dBFS); -1 when none within <paramref name="within"/> samples.</summary>
    public static long FirstRise(float[] mono, int sampleRate, long from, long within)
    {
        var window = 2 * Hop;
        double Rms(long start)
        {
            var sum = 0.0;
            for (var i = start; i < start + window; i++)
            {
                var d = mono[i] - mono[i - 1];
                sum += d * d;
            }
            return Math.Sqrt(sum / window);
        }
        var baseline = Median(from - sampleRate * 3 / 10, from, Rms);
        for (var at = from; at + window < mono.Length && at < from + within; at += Hop)
            if (Rms(at) >= Math.Max(4 * baseline, 0.01)) return at;
        return -1;
    }

    /// <summary>First sample at or after <paramref name="from"/> from which the RMS of the high-passed signal (the drums'
    /// and the attacks' share; a held pad has little) over 20 ms stays under half (−6 dB) its
    /// median over the 500 ms before <paramref name="from"/> for 200 ms (a gap between notes is not a drop); -1 when none
    /// within <paramref name="within"/> samples.</summary>
    public static long FirstDrop(float[] mono, int sampleRate, long from, long within)
    {
        var window = sampleRate / 50;
        double Rms(long start)
        {
            var sum = 0.0;
            for (var i = start; i < start + window; i++)
            {
                var d = mono[i] - mono[i - 1];
                sum += d * d;
            }
            return Math.Sqrt(sum / window);
        }
        var baseline = Median(from - sampleRate / 2, from - window, Rms);
        var hold = sampleRate / 5;
        for (var at = from; at + hold + window < mono.Length && at < from + within; at += Hop)
        {
            var quiet = true;
            for (var k = at; k <= at + hold && quiet; k += Hop) quiet = Rms(k) < 0.5 * baseline;
            if (quiet) return at;
        }
        return -1;
    }

    private static double Median(long from, long to, Func<long, double> rms)
    {
        var values = new List<double>();
        for (var at = Math.Max(1, from); at < to; at += Hop) values.Add(rms(at));
        if (values.Count == 0) return 0;
        values.Sort();
        return values[values.Count / 2];
    }
}
