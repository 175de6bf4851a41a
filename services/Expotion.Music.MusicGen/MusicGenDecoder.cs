using Expotion.Music.Core;

namespace Expotion.Music.MusicGen;

/// <summary>
/// MusicGen's token loop for one stream: the delay pattern over the four codebooks, classifier-free guidance between
/// the text half and the null-text half, sampling with a seeded <see cref="TokenSampler"/>, the KV cache (or a full
/// rerun of the window per step when it is off), the adaptor conditions when the graph has them (v1: the window's rows
/// every step; v2: the condition encoder's prefixes, recomputed only when the rows change), and a sliding window:
/// once a window holds <see cref="MusicGenOptions.WindowFrames"/> finished frames, its last
/// <c>WindowFrames − ExtendStrideFrames</c> frames become the prompt of the next window. Frames are handed out as soon
/// as their last codebook is sampled, in order, each once.
/// </summary>
public sealed class MusicGenDecoder : IDisposable
{
    private readonly MusicGenModel _model;
    private readonly MusicGenOptions _options;
    private readonly MusicGenSampling _sampling;
    private readonly DecoderRunner _runner;
    private readonly PrefixEncoder? _prefixes;
    private readonly TokenSampler _sampler;
    private readonly List<int[]> _columns = [];
    private readonly List<int[]> _codes = [];
    private readonly float[] _guided;
    private int _windowStart;
    private int _promptFrames;

    public MusicGenDecoder(MusicGenModel model, TextConditioning text, MusicGenSampling sampling, ulong seed, MusicGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sampling);
        options.Validate();
        _model = model;
        _options = options;
        _sampling = sampling;
        _runner = new DecoderRunner(model, text);
        _prefixes = model.Signature.AdaptorVersion == 2 ? new PrefixEncoder(model) : null;
        _sampler = new TokenSampler(sampling, seed);
        _guided = new float[model.Signature.Vocabulary];
        StartWindow(0, []);
    }

    /// <summary>Frames handed out so far (global count from frame 0).</summary>
    public int Finished { get; private set; }

    /// <summary>Decoder runs so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Condition encoder runs so far (adaptor contract v2: once per change of the window's rows).</summary>
    public int PrefixRuns => _prefixes?.Runs ?? 0;

    /// <summary>Windows started after the first (slides).</summary>
    public int Slides { get; private set; }

    /// <summary>
    /// Runs one decoder step if it can: the frame its first codebook samples must have its condition in
    /// <paramref name="conditions"/> (and <see cref="MusicGenOptions.ConditionLookaheadFrames"/> more for the adaptor), unless <paramref name="ended"/> (then the stream has <c>conditions.Count</c> frames and
    /// frames past it are padding). Adds the frames this step finished to <paramref name="finished"/>. False when it must
    /// wait for conditions or every frame is finished.
    /// </summary>
    public bool TryStep(ConditionStore conditions, bool ended, List<int[]> finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(finished);
        var total = ended ? conditions.Count : int.MaxValue;
        if (Finished >= total) return false;
        if (_columns.Count == _options.WindowFrames + DelayPattern.Codebooks) Slide();
        var p = _columns.Count;
        var lookahead = _model.Signature.HasAdaptor ? _options.ConditionLookaheadFrames : 0;
        if (!ended && _windowStart + p - 1 + lookahead >= conditions.Count) return false;

        var from = _options.UseKvCache ? _runner.PastLength : 0;
        if (from == 0) _runner.Reset();
        var sequence = p - from;
        var ids = new long[2 * DelayPattern.Codebooks * sequence];
        for (var b = 0; b < 2; b++)
            for (var k = 0; k < DelayPattern.Codebooks; k++)
                for (var s = 0; s < sequence; s++)
                    ids[((b * DelayPattern.Codebooks) + k) * sequence + s] = _columns[from + s][k];
        var visual = _model.Signature.AdaptorVersion == 1
            ? conditions.Window(_windowStart, _model.Signature.ConditionFrames, _model.Signature.ConditionDims)
            : null;
        _prefixes?.Update(conditions, _windowStart, cancellationToken);
        var logits = _runner.Run(ids, sequence, visual, _prefixes, cancellationToken);
        Steps++;

        // Frames past the window's end (or the stream's) are the pad token, as in audiocraft's generate: the last
        // frames of a window never see sampled codes of frames the next window regenerates.
        var limit = Math.Min(_options.WindowFrames, total == int.MaxValue ? int.MaxValue : total - _windowStart);
        var vocabulary = _model.Signature.Vocabulary;
        var column = new int[DelayPattern.Codebooks];
        for (var k = 0; k < DelayPattern.Codebooks; k++)
        {
            var f = DelayPattern.FrameAt(p, k);
            if (f < 0 || f >= limit)
            {
                column[k] = DelayPattern.PadToken;
                continue;
            }
            while (_codes.Count <= f) _codes.Add([-1, -1, -1, -1]);
            if (_codes[f][k] < 0)
            {
                Guidance.Apply(logits.AsSpan(k * vocabulary, vocabulary),
                    logits.AsSpan((DelayPattern.Codebooks + k) * vocabulary, vocabulary), (float)_sampling.GuidanceScale, _guided);
                _codes[f][k] = _sampler.Sample(_guided);
            }
            column[k] = _codes[f][k];
        }
        _columns.Add(column);

        var done = p - DelayPattern.Codebooks;
        if (done >= _promptFrames && done < limit && done >= 0)
        {
            finished.Add((int[])_codes[done].Clone());
            Finished++;
        }
        return true;
    }

    private void Slide()
    {
        var keep = _options.WindowFrames - _options.ExtendStrideFrames;
        var prompt = _codes.GetRange(_options.WindowFrames - keep, keep);
        StartWindow(_windowStart + _options.ExtendStrideFrames, prompt);
        Slides++;
    }

    private void StartWindow(int start, List<int[]> prompt)
    {
        _windowStart = start;
        _codes.Clear();
        _codes.AddRange(prompt);
        _promptFrames = prompt.Count;
        _columns.Clear();
        var rows = DelayPattern.Apply(prompt);
        for (var p = 0; p <= prompt.Count; p++)
        {
            var column = new int[DelayPattern.Codebooks];
            for (var k = 0; k < DelayPattern.Codebooks; k++) column[k] = rows[k][p];
            _columns.Add(column);
        }
        _runner.Reset();
    }

    public void Dispose()
    {
        _runner.Dispose();
        _prefixes?.Dispose();
    }
}
