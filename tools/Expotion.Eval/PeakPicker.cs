namespace Expotion.Eval;

/// <summary>Local maxima of an envelope that stand out from their surroundings (times in s, sub-sample by parabola).</summary>
public static class PeakPicker
{
    /// <param name="halfWidth">A peak is the maximum within ± this many seconds.</param>
    /// <param name="meanWindow">It must exceed the mean over ± this many seconds by <paramref name="delta"/> (relative).</param>
    /// <param name="floor">And be at least this large.</param>
    /// <param name="minSpacing">Peaks closer than this (s) keep the larger one.</param>
    public static List<double> Pick(Envelope envelope, double halfWidth, double meanWindow, double delta, double floor, double minSpacing)
    {
        var x = envelope.Values;
        var w = Math.Max(1, (int)Math.Round(halfWidth * envelope.Rate));
        var m = Math.Max(1, (int)Math.Round(meanWindow * envelope.Rate));
        var candidates = new List<(double Time, double Value)>();
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] < floor) continue;
            var isMax = true;
            for (var k = Math.Max(0, i - w); k <= Math.Min(x.Length - 1, i + w) && isMax; k++)
                if (x[k] > x[i] || (x[k] == x[i] && k < i)) isMax = false;
            if (!isMax) continue;
            double sum = 0;
            int count = 0;
            for (var k = Math.Max(0, i - m); k <= Math.Min(x.Length - 1, i + m); k++) { sum += x[k]; count++; }
            if (x[i] < sum / count * (1 + delta)) continue;
            var shift = 0.0;
            if (i > 0 && i < x.Length - 1)
            {
                var denom = x[i - 1] - 2 * x[i] + x[i + 1];
                if (Math.Abs(denom) > 1e-12) shift = Math.Clamp(0.5 * (x[i - 1] - x[i + 1]) / denom, -0.5, 0.5);
            }
            candidates.Add((envelope.TimeOf(i + shift), x[i]));
        }
        var kept = new List<(double Time, double Value)>();
        foreach (var c in candidates)
        {
            if (kept.Count > 0 && c.Time - kept[^1].Time < minSpacing)
            {
                if (c.Value > kept[^1].Value) kept[^1] = c;
                continue;
            }
            kept.Add(c);
        }
        return kept.Select(k => k.Time).ToList();
    }
}
