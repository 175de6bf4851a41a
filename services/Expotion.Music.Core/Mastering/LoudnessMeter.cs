namespace Expotion.Music.Core.Mastering;

/// <summary>
/// ITU-R BS.1770-4 / EBU R128 loudness of interleaved float audio, fed in any block sizes:
/// K-weighted mean square per 100 ms step, 400 ms momentary blocks (75 % overlap), 3 s short-term,
/// integrated with the -70 LUFS absolute and -10 LU relative gates, loudness range (EBU Tech 3342: the 10th to
/// 95th percentile of the 3 s short-term loudness at 10 Hz, gated at -70 LUFS and -20 LU), and true peak by 4x
/// oversampling.
/// Written here because no .NET library for BS.1770 is on the package mirror this project builds from.
/// </summary>
public sealed class LoudnessMeter
{
    /// <summary>What the meter reports before there is enough audio (or only silence).</summary>
    public const double Silence = double.NegativeInfinity;

    private const double AbsoluteGate = -70;
    private const double RelativeGate = -10;
    private const double RangeRelativeGate = -20;
    private const int MomentarySteps = 4;
    private const int ShortTermSteps = 30;

    private readonly int _channels;
    private readonly int _stepFrames;
    private readonly KWeighting[] _filters;
    private readonly TruePeak? _truePeak;
    private readonly List<double> _steps = [];
    private readonly List<double> _blocks = [];
    private readonly List<double> _shortTermBlocks = [];
    private double _stepSum;
    private int _stepFill;

    /// <param name="truePeak">Whether to measure the true peak too (4x oversampling: most of the meter's cost).</param>
    public LoudnessMeter(int sampleRate, int channels, bool truePeak = true)
    {
        if (sampleRate < 8000) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "at least 8000 Hz");
        if (channels is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 or 2 channels");
        _channels = channels;
        _stepFrames = sampleRate / 10;
        _filters = [.. Enumerable.Range(0, channels).Select(_ => new KWeighting(sampleRate))];
        _truePeak = truePeak ? new TruePeak(channels) : null;
    }

    /// <summary>Loudness of the last 400 ms (LUFS), or <see cref="Silence"/>.</summary>
    public double Momentary => Window(MomentarySteps);

    /// <summary>Loudness of the last 3 s (LUFS), or <see cref="Silence"/>; shorter windows at the start.</summary>
    public double ShortTerm => Window(ShortTermSteps);

    /// <summary>Largest true peak so far in dBTP (dB relative to full scale).</summary>
    public double TruePeakDb => _truePeak is null ? throw new InvalidOperationException("this meter was made without true peak") : ToDb(_truePeak.Max);

    /// <summary>Gated integrated loudness of everything fed so far (LUFS), or <see cref="Silence"/>.</summary>
    public double Integrated
    {
        get
        {
            var sum = 0.0;
            var count = 0;
            foreach (var e in _blocks)
                if (ToLufs(e) >= AbsoluteGate) { sum += e; count++; }
            if (count == 0) return Silence;
            var threshold = ToLufs(sum / count) + RelativeGate;
            sum = 0;
            count = 0;
            foreach (var e in _blocks)
                if (ToLufs(e) >= AbsoluteGate && ToLufs(e) > threshold) { sum += e; count++; }
            return count == 0 ? Silence : ToLufs(sum / count);
        }
    }

    /// <summary>Loudness range (LU) of everything fed so far: 0 before 3 s of audio.</summary>
    public double LoudnessRange
    {
        get
        {
            var gated = _shortTermBlocks.Where(e => ToLufs(e) >= AbsoluteGate).ToList();
            if (gated.Count == 0) return 0;
            var threshold = ToLufs(gated.Average()) + RangeRelativeGate;
            var kept = gated.Select(ToLufs).Where(l => l >= threshold).Order().ToArray();
            return kept.Length == 0 ? 0 : Percentile(kept, 0.95) - Percentile(kept, 0.10);
        }
    }

    /// <summary>Feeds interleaved samples (a whole number of frames).</summary>
    public void Add(ReadOnlySpan<float> interleaved)
    {
        if (interleaved.Length % _channels != 0)
            throw new ArgumentException($"{interleaved.Length} samples is not a whole number of {_channels}-channel frames", nameof(interleaved));
        for (var f = 0; f < interleaved.Length; f += _channels)
        {
            var frame = interleaved.Slice(f, _channels);
            _truePeak?.AddFrame(frame);
            for (var c = 0; c < _channels; c++)
            {
                var y = _filters[c].Process(frame[c]);
                _stepSum += y * y; // every channel weighs 1.0 (left, right, or mono)
            }
            if (++_stepFill < _stepFrames) continue;
            _steps.Add(_stepSum / _stepFrames);
            _stepSum = 0;
            _stepFill = 0;
            if (_steps.Count >= MomentarySteps) _blocks.Add(Mean(MomentarySteps));
            if (_steps.Count >= ShortTermSteps) _shortTermBlocks.Add(Mean(ShortTermSteps));
        }
    }

    public static double ToLufs(double meanSquare) => meanSquare <= 0 ? Silence : -0.691 + 10 * Math.Log10(meanSquare);

    public static double ToDb(double linear) => linear <= 0 ? Silence : 20 * Math.Log10(linear);

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Round((sorted.Length - 1) * p)];

    private double Window(int steps) => _steps.Count == 0 ? Silence : ToLufs(Mean(Math.Min(steps, _steps.Count)));

    private double Mean(int steps)
    {
        var sum = 0.0;
        for (var i = _steps.Count - steps; i < _steps.Count; i++) sum += _steps[i];
        return sum / steps;
    }
}
