using System.Diagnostics;
using System.Runtime.CompilerServices;
using Expotion.Music.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Expotion.Music.MusicGen;

/// <summary>
/// The <c>musicgen</c> backend: MusicGen exported to ONNX (transformers.js layout) decoded with ONNX Runtime, conditioned
/// on the prompt and, when the decoder has the EXPOTION adaptor inputs, on the condition stream. One frame (20 ms) of
/// audio per condition frame; audio is decoded and sent every <see cref="MusicGenOptions.StreamFrames"/> frames. The
/// model is loaded on first use and shared by all streams; a missing or unusable model fails the stream with a message
/// that names the file.
/// </summary>
public sealed class MusicGenBackend : IMusicBackend, IDisposable
{
    public const string BackendName = "musicgen";

    private readonly MusicGenOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<MusicGenModel> _model;

    public MusicGenBackend(MusicGenOptions options, ILogger<MusicGenBackend>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        // PublicationOnly: a failure (no model yet) is not cached, so installing the files fixes later streams.
        _model = new Lazy<MusicGenModel>(LoadAndLog, LazyThreadSafetyMode.PublicationOnly);
    }

    public string Name => BackendName;

    /// <summary>Loads the model now (hosts may call this at start-up); throws when it cannot be used.</summary>
    public MusicGenModel LoadModel() => _model.Value;

    /// <inheritdoc />
    public async IAsyncEnumerable<MusicOutput> GenerateAsync(
        MusicSettings settings,
        IAsyncEnumerable<Condition> conditions,
        StreamStats stats,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(stats);
        settings.Validate();
        if (settings.SampleRate != MusicGenModel.SampleRate)
            throw new InvalidInputException("sample_rate", $"{settings.SampleRate} Hz; musicgen produces {MusicGenModel.SampleRate} Hz (EnCodec 32 kHz)");

        var model = LoadModel();
        var signature = model.Signature;
        if (signature.HasAdaptor && settings.Layout.Dims != signature.ConditionDims)
            throw new InvalidInputException("config.schema.dims",
                $"{settings.Layout.Dims} values per condition frame (schema '{settings.Layout.SchemaId}'); musicgen model: {model.ConditionFile}: input '{DecoderSignature.VisualCondition}' is [2B, {signature.ConditionFrames}, {signature.ConditionDims}]: the schema must have D = {signature.ConditionDims}");
        var text = TextConditioning.Encode(model, settings.Prompt, cancellationToken);
        using var decoder = new MusicGenDecoder(model, text, settings.MusicGen, settings.Seed, _options);
        var streamer = new AudioStreamer(new CodecDecoder(model), _options);
        var chunker = new AudioChunker(settings);
        var store = new ConditionStore();
        var finished = new List<int[]>();
        var clock = Stopwatch.StartNew();

        await foreach (var condition in conditions.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            stats.CountIn(condition.PtsUs);
            store.Add(condition);
            while (decoder.TryStep(store, ended: false, finished, cancellationToken))
            {
                foreach (var block in chunker.Push(streamer.Add(finished, cancellationToken)))
                {
                    stats.CountOut();
                    yield return block;
                }
                finished.Clear();
            }
        }
        while (decoder.TryStep(store, ended: true, finished, cancellationToken))
        {
            foreach (var block in chunker.Push(streamer.Add(finished, cancellationToken)))
            {
                stats.CountOut();
                yield return block;
            }
            finished.Clear();
        }
        foreach (var block in chunker.Push(streamer.Flush(cancellationToken)))
        {
            stats.CountOut();
            yield return block;
        }
        if (chunker.Finish() is { } last)
        {
            stats.CountOut();
            yield return last;
        }
        MusicGenLog.StreamFinished(_logger, decoder.Finished, decoder.Steps, decoder.Steps / Math.Max(1e-9, clock.Elapsed.TotalSeconds), decoder.Slides, streamer.Decodes);
    }

    private MusicGenModel LoadAndLog()
    {
        var model = MusicGenModel.Load(_options);
        var s = model.Signature;
        MusicGenLog.ModelLoaded(_logger, model.Files.Path, s.Layers, s.Heads, s.HeadSize, model.TextDims,
            s.HasAdaptor ? $"v{s.AdaptorVersion} ({s.ConditionFrames}×{s.ConditionDims})" : "none",
            model.Provider.Name, model.Provider.Reason);
        return model;
    }

    public void Dispose()
    {
        if (_model.IsValueCreated) _model.Value.Dispose();
    }
}
