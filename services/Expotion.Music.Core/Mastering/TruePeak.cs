namespace Expotion.Music.Core.Mastering;

/// <summary>
/// True-peak estimate by 4x oversampling (ITU-R BS.1770-4 Annex 2): a polyphase windowed-sinc
/// interpolator per channel; the peak is the largest |x| over the original and interpolated samples.
/// </summary>
public sealed class TruePeak
{
    public const int Factor = 4;
    private const int TapsPerPhase = 16;

    private static readonly double[][] Phases = BuildPhases();
    private readonly double[][] _history;
    private int _pos;

    public TruePeak(int channels)
    {
        _history = new double[channels][];
        for (var c = 0; c < channels; c++) _history[c] = new double[TapsPerPhase];
    }

    /// <summary>The largest true peak seen so far (linear, 0 before any audio).</summary>
    public double Max { get; private set; }

    /// <summary>Feeds one interleaved frame; returns its true peak over all channels (linear).</summary>
    public double AddFrame(ReadOnlySpan<float> frame)
    {
        _pos = (_pos + 1) % TapsPerPhase;
        var peak = 0.0;
        for (var c = 0; c < _history.Length; c++)
        {
            var h = _history[c];
            h[_pos] = frame[c];
            peak = Math.Max(peak, Math.Abs(frame[c]));
            foreach (var taps in Phases)
            {
                var sum = 0.0;
                for (var k = 0; k < TapsPerPhase; k++) sum += taps[k] * h[(_pos - k + TapsPerPhase) % TapsPerPhase];
                peak = Math.Max(peak, Math.Abs(sum));
            }
        }
        Max = Math.Max(Max, peak);
        return peak;
    }

    private static double[][] BuildPhases()
    {
        var length = Factor * TapsPerPhase;
        var center = (length - 1) / 2.0;
        var phases = new double[Factor][];
        for (var p = 0; p < Factor; p++)
        {
            phases[p] = new double[TapsPerPhase];
            for (var k = 0; k < TapsPerPhase; k++)
            {
                var n = p + Factor * k;
                var t = (n - center) / Factor;
                var sinc = Math.Abs(t) < 1e-12 ? 1 : Math.Sin(Math.PI * t) / (Math.PI * t);
                var window = 0.5 - 0.5 * Math.Cos(2 * Math.PI * (n + 0.5) / length);
                phases[p][k] = sinc * window;
            }
            var gain = phases[p].Sum();
            for (var k = 0; k < TapsPerPhase; k++) phases[p][k] /= gain;
        }
        return phases;
    }
}
