namespace Expotion.Eval;

/// <summary>
/// Beat-tracking metrics as in MIREX / mir_eval: F-measure of estimated against reference beat times with
/// a ±70 ms window (each reference beat matches at most one estimate), the offset of the matched pairs,
/// and tempo error.
/// </summary>
public static class BeatMetrics
{
    public const double DefaultTolerance = 0.07;

    /// <summary>Scores <paramref name="estimated"/> against <paramref name="reference"/> (times in seconds).</summary>
    public static BeatScore Score(IReadOnlyList<double> reference, IReadOnlyList<double> estimated, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(estimated);
        var pairs = new List<(double Distance, int Ref, int Est)>();
        for (var r = 0; r < reference.Count; r++)
        for (var e = 0; e < estimated.Count; e++)
        {
            var d = Math.Abs(estimated[e] - reference[r]);
            if (d <= tolerance + 1e-9) pairs.Add((d, r, e));
        }
        // One-to-one: closest pairs first (equal to the maximum matching whenever beats are > 2 × tolerance apart).
        pairs.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Ref != b.Ref ? a.Ref.CompareTo(b.Ref) : a.Est.CompareTo(b.Est));
        var refUsed = new bool[reference.Count];
        var estUsed = new bool[estimated.Count];
        var offsets = new List<double>();
        foreach (var (_, r, e) in pairs)
        {
            if (refUsed[r] || estUsed[e]) continue;
            refUsed[r] = estUsed[e] = true;
            offsets.Add(estimated[e] - reference[r]);
        }
        var matched = offsets.Count;
        var precision = estimated.Count == 0 ? 0 : (double)matched / estimated.Count;
        var recall = reference.Count == 0 ? 0 : (double)matched / reference.Count;
        var f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BeatScore(f, precision, recall, matched, reference.Count, estimated.Count,
            matched == 0 ? double.NaN : offsets.Average(), NearestOffset(reference, estimated, 0.25));
    }

    /// <summary>
    /// Median signed distance (estimate − reference) from each reference beat to its nearest estimate within
    /// <paramref name="window"/> s: tells a constant lag from a random one even when it exceeds the F window.
    /// </summary>
    public static double NearestOffset(IReadOnlyList<double> reference, IReadOnlyList<double> estimated, double window)
    {
        var list = new List<double>();
        foreach (var r in reference)
        {
            var best = double.NaN;
            foreach (var e in estimated)
                if (Math.Abs(e - r) <= window && (double.IsNaN(best) || Math.Abs(e - r) < Math.Abs(best))) best = e - r;
            if (!double.IsNaN(best)) list.Add(best);
        }
        return Median(list);
    }

    /// <summary>Relative tempo error |estimated / reference − 1|.</summary>
    public static double RelativeTempoError(double referenceBpm, double estimatedBpm) =>
        referenceBpm > 0 && estimatedBpm > 0 ? Math.Abs(estimatedBpm / referenceBpm - 1) : double.NaN;

    /// <summary>Keeps the times inside any of <paramref name="spans"/> (start inclusive, end exclusive).</summary>
    public static List<double> Within(IEnumerable<double> times, IReadOnlyList<TimeSpanS> spans) =>
        times.Where(t => spans.Any(s => t >= s.Start && t < s.End)).ToList();

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
