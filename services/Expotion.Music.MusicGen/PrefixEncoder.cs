using Microsoft.ML.OnnxRuntime;

namespace Expotion.Music.MusicGen;

/// <summary>
/// Runs <c>condition_encoder.onnx</c> (adaptor contract v2) for one stream and keeps its <c>prefix.*</c> outputs in the
/// execution provider's memory (CUDA memory on a GPU build), bound to the decoder like the KV cache: they are bound as
/// the decoder's inputs every step without a copy. The encoder runs only when the window's rows change (a new window,
/// or a condition frame arriving inside the current window); between those the same prefixes serve every step, so a
/// step's cost does not depend on the encoder's rows.
/// </summary>
internal sealed class PrefixEncoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly DecoderSignature _signature;
    private readonly OrtIoBinding _binding;
    private readonly OrtMemoryInfo _memory;
    private readonly string[] _names;
    private IDisposableReadOnlyCollection<OrtValue>? _prefixes;
    private (int Start, int Received) _key = (-1, -1);

    public PrefixEncoder(MusicGenModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _session = model.ConditionEncoder ?? throw new ArgumentException("the model has no condition encoder", nameof(model));
        _signature = model.Signature;
        _binding = _session.CreateIoBinding();
        _memory = model.Provider.IsCuda
            ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default)
            : OrtMemoryInfo.DefaultInstance;
        _names = [.. _signature.Prefixed.SelectMany(i => DecoderSignature.PrefixKinds.Select(k => DecoderSignature.PrefixName(i, k)))];
    }

    /// <summary>The decoder input names of <see cref="Prefixes"/>, in the same order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The current window's prefixes (after <see cref="Update"/>).</summary>
    public IReadOnlyList<OrtValue> Prefixes => _prefixes ?? throw new InvalidOperationException("no prefixes yet: call Update first");

    /// <summary>Encoder runs so far.</summary>
    public int Runs { get; private set; }

    /// <summary>Makes <see cref="Prefixes"/> those of the window starting at <paramref name="start"/>; runs the encoder only if its rows changed.</summary>
    public void Update(ConditionStore conditions, int start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var rows = _signature.ConditionFrames;
        // Frames only go forward and are never replaced, so the window's rows are fixed by its start and how many of its
        // frames (rows 0 .. rows − 2; the last row is the zero pad) have been received.
        var key = (start, Math.Clamp(conditions.Count - start, 0, rows - 1));
        if (_prefixes is not null && key == _key) return;

        var visual = conditions.Window(start, rows, _signature.ConditionDims);
        using var visualValue = OrtValue.CreateTensorValueFromMemory(visual, [2, rows, _signature.ConditionDims]);
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
        _binding.BindInput(DecoderSignature.VisualCondition, visualValue);
        foreach (var name in _names) _binding.BindOutputToDevice(name, _memory);
        var outputs = OrtRun.WithBinding(_session, _binding, cancellationToken);
        _prefixes?.Dispose();
        _prefixes = outputs;
        _key = key;
        Runs++;
    }

    public void Dispose()
    {
        _prefixes?.Dispose();
        _prefixes = null;
        _binding.Dispose();
        if (!ReferenceEquals(_memory, OrtMemoryInfo.DefaultInstance)) _memory.Dispose();
    }
}
