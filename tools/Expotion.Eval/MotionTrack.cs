namespace Expotion.Eval;

/// <summary>
/// Motion side of the evaluation, from the vision stage's <c>motion_energy</c> (image widths per second, one
/// value per video frame): where the performer moves, the motion beats (peaks of the energy: the strokes of
/// a gesture) and the motion tempo (median interval of those beats in a window).
/// </summary>
public sealed record MotionTrack(Envelope Energy, IReadOnlyList<double> Beats, IReadOnlyList<TimeSpanS> Active, double Bpm,
    IReadOnlyList<TempoPoint> TempoOverTime)
{
    /// <summary>Energy below this (image widths per second, smoothed over 0.5 s) counts as still.</summary>
    public const double StillEnergy = 0.01;

    /// <summary>
    /// Analyses motion energy sampled at <paramref name="times"/> (the feature frames' pts, s). A feature frame
    /// measures the flow from the previous frame to it, so its value belongs half a frame earlier; times are
    /// shifted by that.
    /// </summary>
    public static MotionTrack Analyze(IReadOnlyList<double> times, IReadOnlyList<float> energy)
    {
        if (times.Count < 2) return new MotionTrack(new Envelope(25, energy.ToArray()), [], [], double.NaN, []);
        var frameInterval = (times[^1] - times[0]) / (times.Count - 1);
        var rate = 1 / frameInterval;
        var env = new Envelope(rate, energy.ToArray(), times[0] - frameInterval / 2);

        var active = ActiveSpans(env);
        var floor = Math.Max(StillEnergy, 0.1 * Percentile(env.Values, 0.9));
        var beats = PeakPicker.Pick(env, halfWidth: 0.14, meanWindow: 1.0, delta: 0.15, floor: floor, minSpacing: 0.28);
        beats = BeatMetrics.Within(Strokes(env, beats), active);
        var tempo = new List<TempoPoint>();
        for (var t = env.Start + 4; t <= env.Start + env.Duration - 4 + 1e-9; t += 1)
            tempo.Add(new TempoPoint(t, BpmOf(beats, t - 4, t + 4), 1));
        return new MotionTrack(env, beats, active, BpmOf(beats, double.NegativeInfinity, double.PositiveInfinity), tempo);
    }

    /// <summary>Tempo from the median inter-beat interval of the beats in [from, to) (NaN with fewer than 4 beats or a gap).</summary>
    public static double BpmOf(IReadOnlyList<double> beats, double from, double to)
    {
        var inside = beats.Where(b => b >= from && b < to).ToList();
        var intervals = new List<double>();
        for (var i = 1; i < inside.Count; i++) intervals.Add(inside[i] - inside[i - 1]);
        if (intervals.Count < 3) return double.NaN;
        var median = BeatMetrics.Median(intervals);
        // Only intervals near the median (a pause between two beats is not a tempo).
        var near = intervals.Where(d => Math.Abs(d / median - 1) < 0.25).ToList();
        return near.Count >= 3 ? 60 / near.Average() : double.NaN;
    }

    /// <summary>
    /// Keeps the peaks that are strokes: the energy's rise in the 0.15 s before the peak is at least half the
    /// largest rise within ±2 s. The slow return of a gesture makes a broad hump that is not a beat.
    /// </summary>
    private static List<double> Strokes(Envelope env, List<double> peaks)
    {
        double Rise(double t)
        {
            var top = env.At(t);
            var low = top;
            for (var d = 0.0; d <= 0.15 + 1e-9; d += 1 / env.Rate) low = Math.Min(low, env.At(t - d));
            return top - low;
        }
        var rises = peaks.Select(Rise).ToList();
        return peaks.Where((t, i) => rises[i] >= 0.5 * peaks.Select((u, j) => Math.Abs(u - t) <= 2 ? rises[j] : 0).Max()).ToList();
    }

    private static List<TimeSpanS> ActiveSpans(Envelope env)
    {
        var smooth = env.Smooth(0.5).Values;
        var spans = new List<TimeSpanS>();
        double? start = null;
        for (var i = 0; i < smooth.Length; i++)
        {
            var on = smooth[i] >= StillEnergy;
            if (on && start is null) start = env.TimeOf(i);
            if (!on && start is { } s) { spans.Add(new TimeSpanS(s, env.TimeOf(i))); start = null; }
        }
        if (start is { } open) spans.Add(new TimeSpanS(open, env.TimeOf(smooth.Length)));
        return spans.Where(s => s.Length >= 0.5).ToList();
    }

    private static double Percentile(float[] x, double q)
    {
        if (x.Length == 0) return 0;
        var sorted = x.OrderBy(v => v).ToArray();
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
