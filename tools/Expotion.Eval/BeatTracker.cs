namespace Expotion.Eval;

/// <summary>
/// Dynamic-programming beat tracking (Ellis 2007, the algorithm behind librosa's <c>beat_track</c>): beats
/// are the path through the onset envelope that maximises onset strength at the beats minus a penalty
/// <c>tightness · log²(interval / period)</c> for straying from the tempo. The period may vary over time
/// (from windowed tempo estimates), so the tracker follows tempo changes.
/// </summary>
public static class BeatTracker
{
    public const double Tightness = 100;

    /// <param name="envelope">Onset strength.</param>
    /// <param name="periodAt">Beat period in envelope frames at a frame index.</param>
    public static List<double> Track(Envelope envelope, Func<int, double> periodAt)
    {
        var onset = envelope.Values;
        var n = onset.Length;
        if (n < 4) return [];
        var std = StdDev(onset);
        if (std <= 1e-12) return [];

        // Local score: the onset envelope smoothed by a Gaussian a 32nd of a beat wide.
        var local = new double[n];
        for (var i = 0; i < n; i++)
        {
            var period = periodAt(i);
            var width = (int)Math.Ceiling(period / 16);
            double sum = 0;
            for (var k = -width; k <= width; k++)
            {
                var j = i + k;
                if (j < 0 || j >= n) continue;
                var z = k * 32.0 / period;
                sum += onset[j] / std * Math.Exp(-0.5 * z * z);
            }
            local[i] = sum;
        }

        var cumulative = new double[n];
        var back = new int[n];
        for (var i = 0; i < n; i++)
        {
            var period = periodAt(i);
            var from = i - (int)Math.Round(2 * period);
            var to = i - (int)Math.Round(period / 2);
            var best = 0.0;
            back[i] = -1;
            for (var j = Math.Max(0, from); j <= to; j++)
            {
                var l = Math.Log((i - j) / period);
                var score = cumulative[j] - Tightness * l * l;
                if (back[i] < 0 || score > best) (best, back[i]) = (score, j);
            }
            cumulative[i] = local[i] + (back[i] >= 0 ? best : 0);
        }

        // The last beat: the last local maximum of the cumulative score above half the median of the maxima.
        var maxima = new List<int>();
        for (var i = 1; i < n - 1; i++)
            if (cumulative[i] > cumulative[i - 1] && cumulative[i] >= cumulative[i + 1]) maxima.Add(i);
        if (maxima.Count == 0) return [];
        var threshold = 0.5 * BeatMetrics.Median(maxima.Select(i => cumulative[i]).ToList());
        var last = maxima.Last(i => cumulative[i] >= threshold);

        var frames = new List<int>();
        for (var i = last; i >= 0; i = back[i]) frames.Add(i);
        frames.Reverse();

        // Trim weak beats at both ends (silence before the music starts and after it ends).
        var rms = Math.Sqrt(frames.Average(f => local[f] * local[f]));
        var first = frames.FindIndex(f => local[f] >= 0.5 * rms);
        var end = frames.FindLastIndex(f => local[f] >= 0.5 * rms);
        if (first < 0) return [];
        return frames.GetRange(first, end - first + 1).Select(f => envelope.TimeOf(f)).ToList();
    }

    private static double StdDev(float[] x)
    {
        var mean = x.Average(v => (double)v);
        return Math.Sqrt(x.Average(v => (v - mean) * (v - mean)));
    }
}
