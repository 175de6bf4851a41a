namespace Expotion.Eval;

/// <summary>
/// Tempo of an onset-strength envelope, as librosa's <c>beat.tempo</c> does it: the autocorrelation of the
/// (mean-removed) envelope, weighted by a log-normal prior over BPM (centre 120, one octave wide), best lag
/// refined by parabolic interpolation. Also a windowed version for tempo over time.
/// </summary>
public static class TempoEstimator
{
    public const double MinBpm = 50, MaxBpm = 220;

    /// <summary>Estimated tempo in BPM and the normalised autocorrelation at its lag (0 when there is no periodicity).</summary>
    public static (double Bpm, double Strength) Estimate(ReadOnlySpan<float> envelope, double rate, double priorBpm = 120, double priorOctaves = 1.0)
    {
        var n = envelope.Length;
        var minLag = (int)Math.Floor(60 * rate / MaxBpm);
        var maxLag = Math.Min(n - 2, (int)Math.Ceiling(60 * rate / MinBpm));
        if (maxLag <= minLag + 2) return (double.NaN, 0);
        var mean = 0.0;
        foreach (var v in envelope) mean += v;
        mean /= n;
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = envelope[i] - mean;
        var r0 = 0.0;
        foreach (var v in x) r0 += v * v;
        if (r0 <= 1e-12) return (double.NaN, 0);
        var r = new double[maxLag + 2];
        for (var lag = minLag - 1; lag <= maxLag + 1 && lag < n; lag++)
        {
            var sum = 0.0;
            for (var i = 0; i + lag < n; i++) sum += x[i] * x[i + lag];
            r[lag] = sum / r0 * n / (n - lag);   // unbiased, so long lags are not penalised twice
        }
        int best = -1;
        var bestScore = double.NegativeInfinity;
        for (var lag = minLag; lag <= maxLag; lag++)
        {
            var bpm = 60 * rate / lag;
            var octaves = Math.Log2(bpm / priorBpm) / priorOctaves;
            var score = r[lag] * Math.Exp(-0.5 * octaves * octaves);
            if (r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] && score > bestScore) (best, bestScore) = (lag, score);
        }
        if (best < 0) return (double.NaN, 0);
        var (a, b, c) = (r[best - 1], r[best], r[best + 1]);
        var denom = a - 2 * b + c;
        var shift = Math.Abs(denom) > 1e-12 ? Math.Clamp(0.5 * (a - c) / denom, -0.5, 0.5) : 0;
        return (60 * rate / (best + shift), Math.Max(0, b));
    }

    /// <summary>Tempo in windows of <paramref name="window"/> s every <paramref name="hop"/> s (window centres as times).</summary>
    public static List<TempoPoint> Windowed(Envelope envelope, double window = 8, double hop = 1, double priorBpm = 120)
    {
        var points = new List<TempoPoint>();
        for (var start = 0.0; start + window <= envelope.Duration + 1e-9; start += hop)
        {
            var (bpm, strength) = Estimate(envelope.Slice(envelope.Start + start, envelope.Start + start + window), envelope.Rate, priorBpm);
            points.Add(new TempoPoint(envelope.Start + start + window / 2, bpm, strength));
        }
        return points;
    }
}
