namespace Expotion.Music.Core.Mastering;

/// <summary>
/// A look-ahead true-peak limiter on interleaved audio, processed in place with a fixed latency.
/// The gain each frame needs (ceiling over its 4x-oversampled peak) is min-held over the look-ahead
/// window, released exponentially, then box-averaged over the look-ahead: the average at a frame
/// only includes values at or under that frame's need, so the peak never passes the ceiling, and the
/// gain ramps down smoothly over the look-ahead before it.
/// </summary>
public sealed class LookAheadLimiter
{
    /// <summary>Frames by which the oversampling filter's report trails the frame it describes, with room.</summary>
    private const int DetectorSlack = 16;

    /// <summary>Headroom for the oversampled detector reading slightly under a finer one (ffmpeg's is 6x at 32 kHz).</summary>
    private const double MarginDb = 0.5;

    private readonly int _channels;
    private readonly int _window;
    private readonly double _ceiling;
    private readonly double _release;
    private readonly TruePeak _detector;
    private readonly float[] _delay;
    private readonly double[] _needs;
    private readonly double[] _held;
    private int _delayPos;
    private int _needPos;
    private int _heldPos;
    private double _heldSum;
    private double _envelope = 1;

    public LookAheadLimiter(int sampleRate, int channels, double ceilingDbtp = -1, double lookAheadMs = 5, double releaseMs = 80)
    {
        if (channels is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 or 2 channels");
        _channels = channels;
        _window = Math.Max(1, (int)(sampleRate * lookAheadMs / 1000));
        LatencyFrames = _window + DetectorSlack;
        _ceiling = Math.Pow(10, (ceilingDbtp - MarginDb) / 20);
        _release = 1 - Math.Exp(-1 / (sampleRate * releaseMs / 1000));
        _detector = new TruePeak(channels);
        _delay = new float[LatencyFrames * channels];
        _needs = new double[_window + 2 * DetectorSlack + 1];
        Array.Fill(_needs, 1.0);
        _held = new double[_window + 1];
        Array.Fill(_held, 1.0);
        _heldSum = _held.Length;
    }

    /// <summary>How many frames the output trails the input.</summary>
    public int LatencyFrames { get; }

    /// <summary>The gain applied to the last frame out (1 when not limiting).</summary>
    public double Gain { get; private set; } = 1;

    /// <summary>Limits interleaved audio in place; the output is the input delayed by <see cref="LatencyFrames"/>.</summary>
    public void Process(Span<float> interleaved)
    {
        for (var f = 0; f < interleaved.Length; f += _channels)
        {
            var frame = interleaved.Slice(f, _channels);
            var peak = _detector.AddFrame(frame);
            _needs[_needPos] = peak > _ceiling ? _ceiling / peak : 1;
            _needPos = (_needPos + 1) % _needs.Length;
            var need = 1.0;
            foreach (var n in _needs) need = Math.Min(need, n);

            _envelope = Math.Min(need, _envelope + (1 - _envelope) * _release);
            _heldSum += _envelope - _held[_heldPos];
            _held[_heldPos] = _envelope;
            _heldPos = (_heldPos + 1) % _held.Length;
            Gain = Math.Min(1, _heldSum / _held.Length);

            for (var c = 0; c < _channels; c++)
            {
                var i = _delayPos * _channels + c;
                var delayed = _delay[i];
                _delay[i] = frame[c];
                frame[c] = (float)Math.Clamp(delayed * Gain, -_ceiling, _ceiling);
            }
            _delayPos = (_delayPos + 1) % LatencyFrames;
        }
    }
}
