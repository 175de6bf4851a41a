namespace Expotion.Music.Core.Mastering;

/// <summary>
/// The master bus: a causal gain that brings interleaved audio to a loudness target, then a
/// look-ahead true-peak limiter. The gain follows the running gated integrated loudness of the input
/// (so the whole stays near the target) but lets the short-term loudness move around it: stillness
/// stays quieter than motion, never more than <see cref="MaxBelowLu"/> under the target nor
/// <see cref="MaxAboveLu"/> over it. The gain glides slowly (seconds) so it does not pump.
/// </summary>
public sealed class MasterBus
{
    public const double DefaultTargetLufs = -14;
    public const double MaxBelowLu = 8;   // a still stretch, measured with its fade, stays within 10 LU of the motion
    public const double MaxAboveLu = 2;
    private const double MaxGainDb = 40;
    private const double MinGainDb = -30;
    private const double GlideUpSeconds = 1.5;
    private const double GlideDownSeconds = 0.4;
    private const double MaxCorrectionLu = 6;

    private readonly int _channels;
    private readonly int _stepFrames;
    private readonly double _target;
    private readonly double _glideUp;
    private readonly double _glideDown;
    private readonly LoudnessMeter _input;
    private readonly LoudnessMeter _output;
    private readonly LookAheadLimiter _limiter;
    private double _gainDb;
    private double _desiredDb;
    private bool _settled;
    private int _stepFill;

    public MasterBus(int sampleRate, int channels, double targetLufs = DefaultTargetLufs, double ceilingDbtp = -1)
    {
        _channels = channels;
        _stepFrames = sampleRate / 10;
        _target = targetLufs;
        _glideUp = 1 - Math.Exp(-1 / (sampleRate * GlideUpSeconds));
        _glideDown = 1 - Math.Exp(-1 / (sampleRate * GlideDownSeconds));
        _input = new LoudnessMeter(sampleRate, channels, truePeak: false);
        _output = new LoudnessMeter(sampleRate, channels, truePeak: false);
        _limiter = new LookAheadLimiter(sampleRate, channels, ceilingDbtp);
    }

    /// <summary>How many frames the output trails the input (the limiter's look-ahead).</summary>
    public int LatencyFrames => _limiter.LatencyFrames;

    /// <summary>The loudness gain now in dB (before the limiter).</summary>
    public double GainDb => _gainDb;

    /// <summary>Masters interleaved audio in place (delayed by <see cref="LatencyFrames"/>).</summary>
    public void Process(Span<float> interleaved)
    {
        _input.Add(interleaved);
        for (var f = 0; f < interleaved.Length; f += _channels)
        {
            if (++_stepFill >= _stepFrames)
            {
                _stepFill = 0;
                Steer();
            }
            _gainDb += (_desiredDb - _gainDb) * (_desiredDb < _gainDb ? _glideDown : _glideUp);
            var gain = (float)Math.Pow(10, _gainDb / 20);
            for (var c = 0; c < _channels; c++) interleaved[f + c] *= gain;
        }
        _limiter.Process(interleaved);
        _output.Add(interleaved);   // what leaves the bus (limiter included), a look-ahead behind
    }

    /// <summary>
    /// Every 100 ms: the gain that puts the running integrated loudness on the target, plus what the output so
    /// far is off the target (so a loud start, before the input's integrated loudness has settled, is made up
    /// for), kept in range for the short term.
    /// </summary>
    private void Steer()
    {
        var shortTerm = _input.Momentary < -70 ? LoudnessMeter.Silence : _input.ShortTerm;
        if (double.IsNegativeInfinity(shortTerm) || shortTerm < -70) return;
        var integrated = _input.Integrated;
        var desired = _target - (double.IsNegativeInfinity(integrated) ? shortTerm : integrated);
        var output = _output.Integrated;
        if (!double.IsNegativeInfinity(output)) desired += Math.Clamp(_target - output, -MaxCorrectionLu, MaxCorrectionLu);
        // Up to MaxAboveLu over the target by the louder of the last 400 ms and 3 s (so a return from stillness
        // comes down at once), at least MaxBelowLu under it by the last 3 s.
        var loudest = Math.Max(shortTerm, _input.Momentary);
        desired = Math.Min(Math.Max(desired, _target - MaxBelowLu - shortTerm), _target + MaxAboveLu - loudest);
        _desiredDb = Math.Clamp(desired, MinGainDb, MaxGainDb);
        if (_settled) return;
        _gainDb = _desiredDb;
        _settled = true;
    }
}
