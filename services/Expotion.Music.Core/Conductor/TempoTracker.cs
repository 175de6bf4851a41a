using Expotion.Core;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Follows the tempo of the performer's motion from the 50 Hz motion energy. Every half second it
/// autocorrelates the last <c>windowSeconds</c> (5 s, recent samples weighted more: a new tempo is adopted about
/// 2.7 s after it starts) of the (high-passed) energy and scores each tempo in
/// 60..180 BPM with a comb over its first four beat lags, weighted by a log-normal prior around the
/// prompt's or style's tempo. The biased autocorrelation favours the faster of two octave-related
/// tempos (the slower one's lags are longer), and the prior decides when they are close; a swinging limb
/// whose speed peaks twice per cycle therefore reads as the faster tempo unless the prompt asks for the
/// slower one. Hysteresis: a new tempo is adopted only after two agreeing estimates (four for an octave
/// jump), small drifts are halved in, and low-confidence estimates (stillness) hold the current tempo.
/// </summary>
public sealed class TempoTracker
{
    public const double MinBpm = 60, MaxBpm = 180;

    private const int UpdateEvery = TimeGrid.RateHz / 2;
    private const int MinSamples = 3 * TimeGrid.RateHz;
    private const double ConfidenceFloor = 0.3;
    private const double Agree = 0.03;
    private const double RecencySeconds = 2.0;

    private readonly double _priorBpm;
    private readonly double _priorWidth;
    private readonly float[] _energy;
    private readonly float[] _highPassed;
    private readonly double _alpha = 1 - Math.Exp(-1.0 / (1.5 * TimeGrid.RateHz));
    private double _baseline = double.NaN;
    private long _count;
    private double _pending;
    private int _pendingCount;

    /// <param name="initialBpm">Tempo before the motion says otherwise; also the centre of the prior.</param>
    /// <param name="initialSource">"prompt" or "default".</param>
    /// <param name="priorWidthOctaves">Width (standard deviation in octaves) of the prior.</param>
    /// <param name="windowSeconds">How much past motion is analysed.</param>
    public TempoTracker(double initialBpm, string initialSource = "default", double priorWidthOctaves = 0.8, double windowSeconds = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 4);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorWidthOctaves);
        Bpm = Math.Clamp(initialBpm, MinBpm, MaxBpm);
        Source = initialSource;
        Confidence = initialSource == "prompt" ? 0.8 : 0.3;
        _priorBpm = Bpm;
        _priorWidth = priorWidthOctaves;
        _energy = new float[(int)(windowSeconds * TimeGrid.RateHz)];
        _highPassed = new float[_energy.Length];
    }

    /// <summary>The tempo in use.</summary>
    public double Bpm { get; private set; }

    /// <summary>Confidence of the tempo in use.</summary>
    public double Confidence { get; private set; }

    /// <summary>"motion", "prompt" or "default".</summary>
    public string Source { get; private set; }

    /// <summary>The last raw estimate (before hysteresis).</summary>
    public TempoEstimate LastEstimate { get; private set; }

    /// <summary>Energy samples pushed so far.</summary>
    public long Count => _count;

    /// <summary>Adds one 50 Hz motion-energy sample; returns true when <see cref="Bpm"/> or <see cref="Source"/> changed.</summary>
    public bool Push(double energy)
    {
        if (!double.IsFinite(energy) || energy < 0) energy = 0;
        _baseline = double.IsNaN(_baseline) ? energy : _baseline + _alpha * (energy - _baseline);
        var slot = (int)(_count % _energy.Length);
        _energy[slot] = (float)energy;
        _highPassed[slot] = (float)(energy - _baseline);
        _count++;
        FindStroke();
        if (_count < MinSamples || _count % UpdateEvery != 0) return false;
        LastEstimate = Estimate();
        return Decide(LastEstimate);
    }

    /// <summary>The tempo the current window suggests, without hysteresis.</summary>
    public TempoEstimate Estimate()
    {
        var n = (int)Math.Min(_count, _energy.Length);
        if (n < MinSamples) return default;
        var x = new double[n];
        var meanEnergy = 0.0;
        for (var i = 0; i < n; i++)
        {
            var slot = (int)((_count - n + i) % _energy.Length);
            x[i] = _highPassed[slot];
            meanEnergy += _energy[slot];
        }
        meanEnergy /= n;
        var mean = x.Average();
        // Recent motion counts more (weight e^(−age / 2 s)), so a new tempo outweighs the old one sooner.
        for (var i = 0; i < n; i++) x[i] = (x[i] - mean) * Math.Exp(-(n - 1 - i) / (RecencySeconds * TimeGrid.RateHz));

        var maxLag = Math.Min(n - 1, (int)Math.Ceiling(4 * 60.0 * TimeGrid.RateHz / MinBpm));
        var r = new double[maxLag + 2];
        for (var lag = 0; lag <= maxLag; lag++)
        {
            var sum = 0.0;
            for (var i = 0; i + lag < n; i++) sum += x[i] * x[i + lag];
            r[lag] = sum / n;
        }
        if (r[0] < 1e-10) return default;
        for (var lag = maxLag; lag >= 0; lag--) r[lag] /= r[0];

        double bestBpm = 0, bestScore = double.NegativeInfinity, bestSalience = 0;
        for (var bpm = MinBpm; bpm <= MaxBpm + 1e-9; bpm += 0.25)
        {
            var salience = Salience(r, maxLag, 60.0 * TimeGrid.RateHz / bpm);
            var score = salience * Prior(bpm);
            if (score > bestScore) (bestBpm, bestScore, bestSalience) = (bpm, score, salience);
        }
        // The prior picks the octave; within ±5 % of the pick the salience alone places the tempo, so that the
        // prior's slope does not pull a clear 120 BPM towards a style's 108.
        for (var bpm = Math.Max(MinBpm, bestBpm * 0.95); bpm <= Math.Min(MaxBpm, bestBpm * 1.05) + 1e-9; bpm += 0.1)
        {
            var salience = Salience(r, maxLag, 60.0 * TimeGrid.RateHz / bpm);
            if (salience > bestSalience) (bestBpm, bestSalience) = (bpm, salience);
        }
        var activity = Math.Clamp(meanEnergy / 0.02, 0, 1);
        return new TempoEstimate(Math.Round(bestBpm, 1), Math.Clamp(bestSalience, 0, 1) * activity);
    }

    /// <summary>
    /// Phase of the motion relative to a beat grid through <paramref name="beatTimeSeconds"/> with period
    /// <paramref name="periodSeconds"/>, from the strokes of the last four seconds: the energy's local maxima
    /// (within ± a quarter beat) that reach half the largest one, each placed by a parabola between samples.
    /// Locking to the strokes rather than to the energy's centre of mass keeps the beat on the hits of a
    /// gesture whose return is slower and broader than its stroke (a fast fall and a slow lift).
    /// </summary>
    public BeatPhase Phase(double beatTimeSeconds, double periodSeconds)
    {
        var n = (int)Math.Min(_count, Math.Min(_energy.Length, 4 * TimeGrid.RateHz));
        if (n < TimeGrid.RateHz || periodSeconds <= 0) return default;
        var peaks = Strokes(n, periodSeconds);
        if (peaks.Count == 0) return default;
        double c = 0, s = 0, total = 0, meanEnergy = 0;
        for (var i = 0; i < n; i++) meanEnergy += _energy[(int)((_count - n + i) % _energy.Length)];
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

    /// <summary>Time (s) of the latest confirmed stroke (an energy peak above the still level), or NaN.</summary>
    public double LastStrokeSeconds { get; private set; } = double.NaN;

    /// <summary>Energy peaks of the last <paramref name="n"/> samples, confirmed a quarter beat (at least 0.1 s) later.</summary>
    private List<(double Time, double Weight)> Strokes(int n, double periodSeconds)
    {
        var w = Math.Max(5, (int)Math.Round(periodSeconds / 4 * TimeGrid.RateHz));
        var found = new List<(double Time, double Weight)>();
        double At(int i) => _energy[(int)((_count - n + i) % _energy.Length)];
        for (var i = 1; i + w < n; i++)
        {
            var v = At(i);
            if (v < StrokeFloor || _highPassed[(int)((_count - n + i) % _energy.Length)] <= 0) continue;
            var isPeak = true;
            for (var k = Math.Max(0, i - w); k <= i + w && isPeak; k++)
                if (k != i && (At(k) > v || At(k) == v && k < i)) isPeak = false;
            if (!isPeak) continue;
            var (a, b) = (At(i - 1), At(i + 1));
            var denom = a - 2 * v + b;
            var shift = Math.Abs(denom) > 1e-12 ? Math.Clamp(0.5 * (a - b) / denom, -0.5, 0.5) : 0;
            // A stroke is a sudden rise: weigh each peak by how much the energy climbed in the 0.06 s before it,
            // so the slow, broad return of a gesture (which climbs as high, but over 0.15 s or more) does not count as a beat.
            var rise = v - Enumerable.Range(Math.Max(0, i - 3), Math.Min(i, 3)).Select(At).DefaultIfEmpty(v).Min();
            found.Add(((double)(_count - n + i + shift) / TimeGrid.RateHz, rise));
        }
        if (found.Count == 0) return found;
        var top = found.Max(p => p.Weight);
        return found.Where(p => p.Weight >= 0.5 * top && p.Weight > 0).ToList();
    }

    /// <summary>Checks whether the sample 0.12 s back is a stroke (the largest within ±0.12 s, above the floor).</summary>
    private void FindStroke()
    {
        const int w = 6;
        var n = (int)Math.Min(_count, _energy.Length);
        if (n < 2 * w + 2) return;
        var i = _count - 1 - w;
        double At(long index) => _energy[(int)(index % _energy.Length)];
        var v = At(i);
        if (v < StrokeFloor) return;
        for (var k = i - w; k <= i + w; k++)
            if (k != i && (At(k) > v || At(k) == v && k < i)) return;
        var (a, b) = (At(i - 1), At(i + 1));
        var denom = a - 2 * v + b;
        var shift = Math.Abs(denom) > 1e-12 ? Math.Clamp(0.5 * (a - b) / denom, -0.5, 0.5) : 0;
        LastStrokeSeconds = (i + shift) / TimeGrid.RateHz;
    }

    /// <summary>Energy (image widths per second) below which a peak is not a stroke.</summary>
    public const double StrokeFloor = 0.02;

    private bool Decide(TempoEstimate estimate)
    {
        if (estimate.Confidence < ConfidenceFloor)
        {
            _pendingCount = 0;
            return false;
        }
        var ratio = estimate.Bpm / Bpm;
        if (Math.Abs(ratio - 1) <= Agree)
        {
            _pendingCount = 0;
            var changed = false;
            if (Source != "motion") { Source = "motion"; Bpm = estimate.Bpm; changed = true; }
            else if (Math.Abs(ratio - 1) > 0.015) { Bpm = 0.5 * (Bpm + estimate.Bpm); changed = true; }
            Confidence = estimate.Confidence;
            return changed;
        }
        if (_pendingCount > 0 && Math.Abs(estimate.Bpm / _pending - 1) <= Agree)
        {
            _pendingCount++;
            _pending = 0.5 * (_pending + estimate.Bpm);
        }
        else
        {
            _pending = estimate.Bpm;
            _pendingCount = 1;
        }
        var octave = Math.Abs(ratio - 2) < 2 * Agree || Math.Abs(ratio - 0.5) < 0.5 * Agree;
        if (_pendingCount < (octave ? 4 : 2)) return false;
        Bpm = estimate.Bpm;
        Source = "motion";
        Confidence = estimate.Confidence;
        _pendingCount = 0;
        return true;
    }

    private double Prior(double bpm)
    {
        var octaves = Math.Log2(bpm / _priorBpm) / _priorWidth;
        return Math.Exp(-0.5 * octaves * octaves);
    }

    private static readonly double[] CombWeights = [1.0, 0.75, 0.5, 0.35];

    private static double Salience(double[] r, int maxLag, double lag)
    {
        double sum = 0, weights = 0;
        for (var k = 1; k <= CombWeights.Length; k++)
        {
            var at = k * lag;
            if (at > maxLag) break;
            var i = (int)at;
            var f = at - i;
            sum += CombWeights[k - 1] * (r[i] * (1 - f) + r[i + 1] * f);
            weights += CombWeights[k - 1];
        }
        return weights > 0 ? sum / weights : 0;
    }
}
