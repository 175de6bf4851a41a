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
/// A clear change is also read from the strokes themselves (<see cref="StrokeTempo"/>): two agreeing intervals
/// between strikes (peaks that climb fast; a gesture's slow lift is not one), more than 8 % away from the tempo in
/// use, right after two strike intervals that kept the old tempo, are adopted on the stroke that completes them
/// (two beats into the new tempo; <see cref="ChangedOnStroke"/> says so, for the beat grid to start on that stroke),
/// and for the next 2.5 s the autocorrelation, whose window still holds the old tempo, does not move it back.
/// </summary>
public sealed class TempoTracker
{
    public const double MinBpm = 60, MaxBpm = 180;

    private const int UpdateEvery = TimeGrid.RateHz / 2;
    private const int MinSamples = 3 * TimeGrid.RateHz;
    private const double ConfidenceFloor = 0.3;
    private const double Agree = 0.03;
    private const double RecencySeconds = 2.0;
    private const int ActivitySamples = 2 * TimeGrid.RateHz;
    private const double StrokeChange = 0.08;
    private const int StrokeHoldSamples = 5 * TimeGrid.RateHz / 2;
    private const double PlayableSlack = 1.25;

    private readonly double _priorBpm;
    private readonly double _priorWidth;
    private readonly EnergyHistory _history;
    private readonly StrokeTempo _strokeTempo = new();
    private readonly (double Min, double Max)? _playable;
    private double _pending;
    private int _pendingCount;
    private double _seenStroke = double.NaN;
    private double _strikeRise;
    private long _strokeChangeAt = long.MinValue / 2;

    /// <param name="initialBpm">Tempo before the motion says otherwise; also the centre of the prior.</param>
    /// <param name="initialSource">"prompt" or "default".</param>
    /// <param name="priorWidthOctaves">Width (standard deviation in octaves) of the prior.</param>
    /// <param name="windowSeconds">How much past motion is analysed.</param>
    /// <param name="playableRange">
    /// When set (the style's tempo range, for a prompt that named no tempo), a motion tempo more than a quarter outside
    /// it is played an octave nearer (half or double time), as a band would: funk to a crowd stepping at 176 is funk at 88.
    /// </param>
    public TempoTracker(double initialBpm, string initialSource = "default", double priorWidthOctaves = 0.8, double windowSeconds = 5,
        (double Min, double Max)? playableRange = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 4);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorWidthOctaves);
        Bpm = Math.Clamp(initialBpm, MinBpm, MaxBpm);
        Source = initialSource;
        Confidence = initialSource == "prompt" ? 0.8 : 0.3;
        _priorBpm = Bpm;
        _priorWidth = priorWidthOctaves;
        _history = new EnergyHistory(windowSeconds);
        Strokes = new StrokeFinder(_history);
        if (playableRange is var (min, max))
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(min, max);
            _playable = (min / PlayableSlack, max * PlayableSlack);
        }
    }

    /// <summary>The octave of <paramref name="bpm"/> the style plays (see the constructor's playableRange).</summary>
    private double Playable(double bpm)
    {
        if (_playable is not var (min, max)) return bpm;
        if (bpm > max && bpm / 2 >= Math.Max(MinBpm, min)) return bpm / 2;
        if (bpm < min && bpm * 2 <= Math.Min(MaxBpm, max)) return bpm * 2;
        return bpm;
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
    public long Count => _history.Count;

    /// <summary>The strokes of the same energy: the latest one and the phase of the recent ones.</summary>
    public StrokeFinder Strokes { get; }

    /// <summary>
    /// Time (s) of the stroke on which the last change was read from the strokes themselves, or NaN when the last
    /// change (if any) came from the autocorrelation; valid right after a <see cref="Push"/> that returned true.
    /// </summary>
    public double ChangedOnStroke { get; private set; } = double.NaN;

    /// <summary>Adds one 50 Hz motion-energy sample; returns true when <see cref="Bpm"/> or <see cref="Source"/> changed.</summary>
    public bool Push(double energy)
    {
        _history.Push(energy);
        Strokes.Update();
        ChangedOnStroke = double.NaN;
        if (FromStrokes()) return true;
        if (Count < MinSamples || Count % UpdateEvery != 0) return false;
        LastEstimate = Estimate();
        // Just after a change read from the strokes, the window still hears the old tempo: only agreement counts.
        if (Count - _strokeChangeAt < StrokeHoldSamples && Math.Abs(LastEstimate.Bpm / Bpm - 1) > Agree) return false;
        return Decide(LastEstimate);
    }

    private bool FromStrokes()
    {
        var stroke = Strokes.LastStrokeSeconds;
        if (!double.IsFinite(stroke) || stroke.Equals(_seenStroke)) return false;
        // Strokes more than two slowest beats apart belong to different gestures.
        if (double.IsFinite(_seenStroke) && stroke - _seenStroke > 2 * 60.0 / MinBpm) _strokeTempo.Clear();
        // Only strikes count: a peak whose climb is under half the recent strikes' (halving every 2 s) is the
        // gesture's slow lift.
        var rise = Strokes.LastStrokeRise;
        if (double.IsFinite(_seenStroke)) _strikeRise *= Math.Pow(0.5, (stroke - _seenStroke) / 2.0);
        _seenStroke = stroke;
        _strikeRise = Math.Max(rise, _strikeRise);
        if (rise < 0.5 * _strikeRise) return false;
        var interval = _strokeTempo.Add(stroke, rise);
        if (!double.IsFinite(interval) || Count < MinSamples) return false;
        // The octave the prior prefers, as the autocorrelation's pick does.
        var bpm = 60.0 / interval;
        double best = double.NaN, bestPrior = 0;
        for (var candidate = bpm / 2; candidate <= bpm * 2; candidate *= 2)
        {
            if (candidate < MinBpm || candidate > MaxBpm || Prior(candidate) <= bestPrior) continue;
            (best, bestPrior) = (candidate, Prior(candidate));
        }
        if (!double.IsFinite(best)) return false;
        best = Playable(best);
        if (Math.Abs(best / Bpm - 1) <= StrokeChange) return false;
        // A change, not chance: the two strike intervals before kept the tempo in use (a beat locked from motion,
        // then a new one). Strokes that merely agree, with no beat before, are left to the autocorrelation.
        var keptOld = Source == "motion" && OnBeat(_strokeTempo.PreviousInterval(1), Bpm) && OnBeat(_strokeTempo.PreviousInterval(2), Bpm);
        if (!keptOld) return false;
        Bpm = Math.Round(best, 1);
        Source = "motion";
        Confidence = Math.Max(Confidence, ConfidenceFloor);
        _pendingCount = 0;
        _strokeChangeAt = Count;
        ChangedOnStroke = stroke;
        return true;
    }

    /// <summary>The tempo the current window suggests, without hysteresis.</summary>
    public TempoEstimate Estimate()
    {
        var n = _history.Held;
        if (n < MinSamples) return default;
        var x = new double[n];
        var recentEnergy = 0.0;
        for (var i = 0; i < n; i++)
        {
            var index = Count - n + i;
            x[i] = _history.HighPassedAt(index);
            if (i >= n - ActivitySamples) recentEnergy += _history.At(index);
        }
        // Activity is the last two seconds' motion: a window whose motion stopped seconds ago still holds a burst
        // of strokes, whose autocorrelation (strikes, then nothing) would make up a tempo.
        recentEnergy /= Math.Min(n, ActivitySamples);
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
        var activity = Math.Clamp(recentEnergy / 0.02, 0, 1);
        return new TempoEstimate(Math.Round(Playable(bestBpm), 1), Math.Clamp(bestSalience, 0, 1) * activity);
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

    /// <summary>Whether <paramref name="interval"/> (s) is a beat of <paramref name="bpm"/>, within 6 %.</summary>
    private static bool OnBeat(double interval, double bpm) => double.IsFinite(interval) && Math.Abs(interval * bpm / 60 - 1) <= 0.06;

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
