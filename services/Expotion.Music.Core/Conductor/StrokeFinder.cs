using Expotion.Core;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Finds the strokes of a gesture in the motion energy: the latest one, confirmed 0.12 s after its peak
/// (<see cref="LastStrokeSeconds"/>), and the phase of the recent strokes relative to a beat grid (<see cref="Phase"/>).
/// </summary>
public sealed class StrokeFinder(EnergyHistory history)
{
    /// <summary>Energy (image widths per second) below which a peak is not a stroke.</summary>
    public const double StrokeFloor = 0.02;

    /// <summary>Time (s) of the latest confirmed stroke (an energy peak above the still level), or NaN.</summary>
    public double LastStrokeSeconds { get; private set; } = double.NaN;

    /// <summary>How much the energy climbed in the 0.06 s before the latest confirmed stroke's peak (a strike climbs fast, a lift slowly).</summary>
    public double LastStrokeRise { get; private set; }

    /// <summary>
    /// Phase of the motion relative to a beat grid through <paramref name="beatTimeSeconds"/> with period
    /// <paramref name="periodSeconds"/>, from the strokes of the last four seconds: the energy's local maxima
    /// (within ± a quarter beat) that reach half the largest one, each placed by a parabola between samples.
    /// Locking to the strokes rather than to the energy's centre of mass keeps the beat on the hits of a
    /// gesture whose return is slower and broader than its stroke (a fast fall and a slow lift).
    /// </summary>
    public BeatPhase Phase(double beatTimeSeconds, double periodSeconds)
    {
        var count = history.Count;
        var n = Math.Min(history.Held, 4 * TimeGrid.RateHz);
        if (n < TimeGrid.RateHz || periodSeconds <= 0) return default;
        var peaks = Strokes(n, periodSeconds);
        if (peaks.Count == 0) return default;
        double c = 0, s = 0, total = 0, meanEnergy = 0;
        for (var i = 0; i < n; i++) meanEnergy += history.At(count - n + i);
        foreach (var (time, weight) in peaks)
        {
            var angle = 2 * Math.PI * (time - beatTimeSeconds) / periodSeconds;
            c += weight * Math.Cos(angle);
            s += weight * Math.Sin(angle);
            total += weight;
        }
        var activity = Math.Clamp(meanEnergy / n / 0.02, 0, 1);
        var support = Math.Min(1, peaks.Count / 3.0);
        var strength = Math.Sqrt(c * c + s * s) / total * activity * support;
        return new BeatPhase(Math.Atan2(s, c) / (2 * Math.PI) * periodSeconds, strength);
    }

    /// <summary>Checks whether the sample 0.12 s back is a stroke (the largest within ±0.12 s, above the floor); call after each push.</summary>
    public void Update()
    {
        const int w = 6;
        if (history.Held < 2 * w + 2) return;
        var i = history.Count - 1 - w;
        var v = history.At(i);
        if (v < StrokeFloor) return;
        for (var k = i - w; k <= i + w; k++)
            if (k != i && (history.At(k) > v || history.At(k) == v && k < i)) return;
        var (a, b) = (history.At(i - 1), history.At(i + 1));
        var denom = a - 2 * v + b;
        var shift = Math.Abs(denom) > 1e-12 ? Math.Clamp(0.5 * (a - b) / denom, -0.5, 0.5) : 0;
        LastStrokeSeconds = (i + shift) / TimeGrid.RateHz;
        LastStrokeRise = Rise(i, history.Count - history.Held);
    }

    /// <summary>
    /// How much the energy climbed to sample <paramref name="index"/> over the 0.06 s (3 samples) before it, not
    /// looking before <paramref name="first"/>: a strike climbs fast, a gesture's lift slowly.
    /// </summary>
    private double Rise(long index, long first)
    {
        var low = double.PositiveInfinity;
        for (var k = Math.Max(first, index - 3); k < index; k++) low = Math.Min(low, history.At(k));
        return double.IsFinite(low) ? history.At(index) - low : 0;
    }

    /// <summary>Energy peaks of the last <paramref name="n"/> samples, confirmed a quarter beat (at least 0.1 s) later.</summary>
    private List<(double Time, double Weight)> Strokes(int n, double periodSeconds)
    {
        var count = history.Count;
        var w = Math.Max(5, (int)Math.Round(periodSeconds / 4 * TimeGrid.RateHz));
        var found = new List<(double Time, double Weight)>();
        double At(int i) => history.At(count - n + i);
        for (var i = 1; i + w < n; i++)
        {
            var v = At(i);
            if (v < StrokeFloor || history.HighPassedAt(count - n + i) <= 0) continue;
            var isPeak = true;
            for (var k = Math.Max(0, i - w); k <= i + w && isPeak; k++)
                if (k != i && (At(k) > v || At(k) == v && k < i)) isPeak = false;
            if (!isPeak) continue;
            var (a, b) = (At(i - 1), At(i + 1));
            var denom = a - 2 * v + b;
            var shift = Math.Abs(denom) > 1e-12 ? Math.Clamp(0.5 * (a - b) / denom, -0.5, 0.5) : 0;
            // A stroke is a sudden rise: weigh each peak by how much the energy climbed in the 0.06 s before it,
            // so the slow, broad return of a gesture (which climbs as high, but over 0.15 s or more) does not count as a beat.
            found.Add(((double)(count - n + i + shift) / TimeGrid.RateHz, Rise(count - n + i, count - n)));
        }
        if (found.Count == 0) return found;
        var top = found.Max(p => p.Weight);
        return found.Where(p => p.Weight >= 0.5 * top && p.Weight > 0).ToList();
    }
}
