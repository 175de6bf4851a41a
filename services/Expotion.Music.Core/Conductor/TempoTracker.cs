namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Follows the tempo of the performer's motion from the 50 Hz motion energy. Every half second it
/// autocorrelates the last <c>windowSeconds</c> of the (high-passed) energy and scores each tempo in
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
    public const int RateHz = 50;

    private const int UpdateEvery = RateHz / 2;
    private const int MinSamples = 3 * RateHz;
    private const double ConfidenceFloor = 0.3;
    private const double Agree = 0.03;

    private readonly double _priorBpm;
    private readonly double _priorWidth;
    private readonly float[] _energy;
    private readonly float[] _highPassed;
    private readonly double _alpha = 1 - Math.Exp(-1.0 / (1.5 * RateHz));
    private double _baseline = double.NaN;
    private long _count;
    private double _pending;
    private int _pendingCount;

    /// <param name="initialBpm">Tempo before the motion says otherwise; also the centre of the prior.</param>
    /// <param name="initialSource">"prompt" or "default".</param>
    /// <param name="priorWidthOctaves">Width (standard deviation in octaves) of the prior.</param>
    /// <param name="windowSeconds">How much past motion is analysed.</param>
    public TempoTracker(double initialBpm, string initialSource = "default", double priorWidthOctaves = 0.8, double windowSeconds = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 4);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorWidthOctaves);
        Bpm = Math.Clamp(initialBpm, MinBpm, MaxBpm);
        Source = initialSource;
        Confidence = initialSource == "prompt" ? 0.8 : 0.3;
        _priorBpm = Bpm;
        _priorWidth = priorWidthOctaves;
        _energy = new float[(int)(windowSeconds * RateHz)];
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
        for (var i = 0; i < n; i++) x[i] -= mean;

        var maxLag = Math.Min(n - 1, (int)Math.Ceiling(4 * 60.0 * RateHz / MinBpm));
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
            var salience = Salience(r, maxLag, 60.0 * RateHz / bpm);
            var score = salience * Prior(bpm);
            if (score > bestScore) (bestBpm, bestScore, bestSalience) = (bpm, score, salience);
        }
        var activity = Math.Clamp(meanEnergy / 0.02, 0, 1);
        return new TempoEstimate(bestBpm, Math.Clamp(bestSalience, 0, 1) * activity);
    }

    /// <summary>
    /// Phase of the motion relative to a beat grid through <paramref name="beatTimeSeconds"/> with period
    /// <paramref name="periodSeconds"/>, from the last four seconds of energy peaks.
    /// </summary>
    public BeatPhase Phase(double beatTimeSeconds, double periodSeconds)
    {
        var n = (int)Math.Min(_count, Math.Min(_energy.Length, 4 * RateHz));
        if (n < RateHz || periodSeconds <= 0) return default;
        double c = 0, s = 0, total = 0, meanEnergy = 0;
        for (var i = 0; i < n; i++)
        {
            var index = _count - n + i;
            var slot = (int)(index % _energy.Length);
            meanEnergy += _energy[slot];
            var w = Math.Max(0, _highPassed[slot]);
            if (w <= 0) continue;
            var angle = 2 * Math.PI * ((double)index / RateHz - beatTimeSeconds) / periodSeconds;
            c += w * Math.Cos(angle);
            s += w * Math.Sin(angle);
            total += w;
        }
        if (total <= 1e-9) return default;
        var activity = Math.Clamp(meanEnergy / n / 0.02, 0, 1);
        var strength = Math.Sqrt(c * c + s * s) / total * activity;
        return new BeatPhase(Math.Atan2(s, c) / (2 * Math.PI) * periodSeconds, strength);
    }

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
