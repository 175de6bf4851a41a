using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Expotion.Music.MusicGen;

/// <summary>
/// Runs the merged decoder for one stream (batch 1, two guidance halves = 8 rows of 4 codebooks) through an
/// <see cref="OrtIoBinding"/>: the <c>present.*</c> outputs are bound to the execution provider's memory and bound back
/// as the next run's <c>past_key_values.*</c> without a copy through managed memory (on CUDA the cache never leaves
/// the device), while the logits come back to the host. The first run after <see cref="Reset"/> feeds empty pasts with
/// <c>use_cache_branch</c> false, as transformers.js does. The prefixes of adaptor contract v2 are bound the same way,
/// from the <see cref="PrefixEncoder"/>'s device values.
/// </summary>
internal sealed class DecoderRunner : IDisposable
{
    private const int Rows = 2 * DelayPattern.Codebooks;

    private readonly InferenceSession _session;
    private readonly DecoderSignature _signature;
    private readonly OrtIoBinding _binding;
    private readonly OrtMemoryInfo _cacheMemory;
    private readonly OrtValue _encoderStates;
    private readonly OrtValue _encoderMask;
    private readonly OrtValue _cacheOn;
    private readonly OrtValue _cacheOff;
    private readonly OrtValue _emptyPast;
    private readonly string[] _pastNames;
    private readonly string[] _presentNames;
    private IDisposableReadOnlyCollection<OrtValue>? _present;

    public DecoderRunner(MusicGenModel model, TextConditioning text)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(text);
        _session = model.Decoder;
        _signature = model.Signature;
        _binding = _session.CreateIoBinding();
        _cacheMemory = model.Provider.IsCuda
            ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default)
            : OrtMemoryInfo.DefaultInstance;
        _encoderStates = OrtValue.CreateTensorValueFromMemory(text.States, [2, text.Tokens, text.Dims]);
        _encoderMask = OrtValue.CreateTensorValueFromMemory(text.Mask, [2, text.Tokens]);
        _cacheOn = OrtValue.CreateTensorValueFromMemory(new[] { true }, [1]);
        _cacheOff = OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]);
        _emptyPast = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float,
            [2, _signature.Heads, 0, _signature.HeadSize]);
        var past = new List<string>();
        var present = new List<string>();
        for (var i = 0; i < _signature.Layers; i++)
            foreach (var part in new[] { "decoder", "encoder" })
                foreach (var kind in new[] { "key", "value" })
                {
                    past.Add(DecoderSignature.PastName(i, part, kind));
                    present.Add(DecoderSignature.PresentName(i, part, kind));
                }
        _pastNames = [.. past];
        _presentNames = [.. present];
    }

    /// <summary>Positions the cache holds (0 after <see cref="Reset"/>).</summary>
    public int PastLength { get; private set; }

    /// <summary>Runs <c>input_ids</c> [8, <paramref name="sequence"/>] and returns the last position's logits [8, vocabulary].</summary>
    /// <param name="ids">Row-major [8, sequence]: row b·4 + k is codebook k of guidance half b (0 = text, 1 = null text).</param>
    /// <param name="visual">The adaptor's [2, 501, D] conditions when the graph takes them (contract v1), else null.</param>
    /// <param name="prefixes">The condition encoder's prefixes, bound by name (contract v2), else null.</param>
    public float[] Run(long[] ids, int sequence, float[]? visual, PrefixEncoder? prefixes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Length != Rows * sequence)
            throw new ArgumentException($"{ids.Length} ids for [{Rows}, {sequence}]", nameof(ids));
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [Rows, sequence]);
        using var visualValue = visual is null ? null
            : OrtValue.CreateTensorValueFromMemory(visual, [2, _signature.ConditionFrames, _signature.ConditionDims]);
        using var offsetValue = visual is null && prefixes is null ? null : OrtValue.CreateTensorValueFromMemory(new long[] { PastLength }, [1]);

        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
        _binding.BindInput(DecoderSignature.InputIds, idsValue);
        _binding.BindInput(DecoderSignature.EncoderHiddenStates, _encoderStates);
        _binding.BindInput(DecoderSignature.EncoderAttentionMask, _encoderMask);
        _binding.BindInput(DecoderSignature.UseCacheBranch, _present is null ? _cacheOff : _cacheOn);
        for (var i = 0; i < _pastNames.Length; i++)
            _binding.BindInput(_pastNames[i], _present is null ? _emptyPast : _present[i + 1]);
        if (visualValue is not null) _binding.BindInput(DecoderSignature.VisualCondition, visualValue);
        if (prefixes is not null)
        {
            var values = prefixes.Prefixes;
            for (var i = 0; i < values.Count; i++) _binding.BindInput(prefixes.Names[i], values[i]);
        }
        if (offsetValue is not null) _binding.BindInput(DecoderSignature.ConditionOffset, offsetValue);
        _binding.BindOutputToDevice(DecoderSignature.Logits, OrtMemoryInfo.DefaultInstance);
        foreach (var name in _presentNames)
            _binding.BindOutputToDevice(name, _cacheMemory);

        var outputs = OrtRun.WithBinding(_session, _binding, cancellationToken);
        // The previous cache was bound as input of this run; it can go now.
        _present?.Dispose();
        _present = outputs;
        PastLength += sequence;

        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var vocabulary = _signature.Vocabulary;
        var last = new float[Rows * vocabulary];
        for (var r = 0; r < Rows; r++)
            logits.Slice((r * sequence + sequence - 1) * vocabulary, vocabulary).CopyTo(last.AsSpan(r * vocabulary));
        return last;
    }

    /// <summary>Drops the cache: the next run starts a new sequence.</summary>
    public void Reset()
    {
        _present?.Dispose();
        _present = null;
        PastLength = 0;
    }

    public void Dispose()
    {
        Reset();
        _binding.Dispose();
        _encoderStates.Dispose();
        _encoderMask.Dispose();
        _cacheOn.Dispose();
        _cacheOff.Dispose();
        _emptyPast.Dispose();
        if (!ReferenceEquals(_cacheMemory, OrtMemoryInfo.DefaultInstance)) _cacheMemory.Dispose();
    }
}
