using Expotion.Core;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Expotion.Music.MusicGen;

/// <summary>
/// A loaded MusicGen export: the ONNX Runtime sessions (text encoder, merged decoder, EnCodec decoder, and the
/// condition encoder of adaptor contract v2) with their signatures checked, and the prompt tokenizer. Shared by every
/// stream of the process (session runs are thread-safe); each stream keeps its own state in a
/// <see cref="MusicGenDecoder"/>.
/// </summary>
public sealed class MusicGenModel : IDisposable
{
    /// <summary>EnCodec 32 kHz: one frame per <see cref="TimeGrid"/> point (50 per second), 640 samples per frame.</summary>
    public const int SampleRate = 32000;
    public const int SamplesPerFrame = SampleRate / TimeGrid.RateHz;

    private MusicGenModel(ModelDirectory files, InferenceSession textEncoder, InferenceSession decoder, InferenceSession codec,
        InferenceSession? conditionEncoder, DecoderSignature signature, int textDims, PromptTokenizer tokenizer, ExecutionProvider provider)
    {
        ConditionEncoder = conditionEncoder;
        Files = files;
        TextEncoder = textEncoder;
        Decoder = decoder;
        Codec = codec;
        Signature = signature;
        TextDims = textDims;
        Tokenizer = tokenizer;
        Provider = provider;
    }

    public ModelDirectory Files { get; }
    public DecoderSignature Signature { get; }
    public PromptTokenizer Tokenizer { get; }
    public ExecutionProvider Provider { get; }

    /// <summary>Width of the text encoder's hidden states (768 for musicgen-small's T5-base).</summary>
    public int TextDims { get; }

    internal InferenceSession TextEncoder { get; }
    internal InferenceSession Decoder { get; }
    internal InferenceSession Codec { get; }

    /// <summary>condition_encoder.onnx when the decoder takes prefixes (adaptor contract v2), else null.</summary>
    internal InferenceSession? ConditionEncoder { get; }

    /// <summary>The file whose graph declares the condition width D: the condition encoder (v2) or the decoder (v1).</summary>
    public string ConditionFile => Signature.AdaptorVersion == 2 ? ModelDirectory.ConditionEncoderFile : ModelDirectory.DecoderFile;

    /// <summary>Finds, loads and checks the model in <paramref name="options"/>' directory.</summary>
    public static MusicGenModel Load(MusicGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var files = ModelDirectory.Find(options.ModelDir);
        var tokenizer = PromptTokenizer.Load(files.Tokenizer);
        var (sessionOptions, provider) = ExecutionProvider.CreateOptions(options.TryCuda, options.IntraOpThreads);
        var opened = new List<InferenceSession>();
        try
        {
            InferenceSession Open(string path)
            {
                try
                {
                    var s = new InferenceSession(path, sessionOptions);
                    opened.Add(s);
                    return s;
                }
                catch (OnnxRuntimeException ex)
                {
                    // A graph with its weights outside (ONNX external data, needed over 2 GB) whose data file is absent
                    // is a missing file, not a bad graph.
                    if (OnnxExternalData.MissingFiles(path) is [var missing, ..])
                        throw ModelErrors.MissingFile(Path.GetDirectoryName(path) ?? files.Path, $"{missing} (external data of {Path.GetFileName(path)})");
                    throw ModelErrors.Signature(Path.GetFileName(path), $"ONNX Runtime cannot load it: {ex.Message}");
                }
            }
            var text = Open(files.TextEncoder);
            var textCheck = new SignatureCheck(ModelDirectory.TextEncoderFile, text.InputMetadata, text.OutputMetadata);
            textCheck.Input("input_ids", TensorElementType.Int64, 2);
            textCheck.Input("attention_mask", TensorElementType.Int64, 2);
            var textDims = textCheck.Output("last_hidden_state", TensorElementType.Float, 3)[2];

            var decoder = Open(files.Decoder);
            var signature = DecoderSignature.Read(decoder.InputMetadata, decoder.OutputMetadata, ModelDirectory.DecoderFile);
            var encoderDims = new SignatureCheck(ModelDirectory.DecoderFile, decoder.InputMetadata, decoder.OutputMetadata)
                .Input(DecoderSignature.EncoderHiddenStates, TensorElementType.Float, 3)[2];
            if (textDims > 0 && encoderDims > 0 && textDims != encoderDims)
                throw ModelErrors.Signature(ModelDirectory.DecoderFile, $"input '{DecoderSignature.EncoderHiddenStates}' is {encoderDims} wide but the text encoder gives {textDims}");

            InferenceSession? conditionEncoder = null;
            if (signature.AdaptorVersion == 2)
            {
                if (files.ConditionEncoder is null)
                    throw ModelErrors.MissingFile(files.Path, $"{ModelDirectory.ConditionEncoderFile} ({ModelDirectory.DecoderFile} takes the prefixes of adaptor contract v2)");
                conditionEncoder = Open(files.ConditionEncoder);
                var dims = ConditionEncoderSignature.Read(conditionEncoder.InputMetadata, conditionEncoder.OutputMetadata, signature, ModelDirectory.ConditionEncoderFile);
                signature = signature with { ConditionDims = dims };
            }

            var codec = Open(files.Codec);
            var codecCheck = new SignatureCheck(ModelDirectory.CodecFile, codec.InputMetadata, codec.OutputMetadata);
            var codes = codecCheck.Input("audio_codes", TensorElementType.Int64, 4);
            if (codes[2] > 0 && codes[2] != DelayPattern.Codebooks)
                throw ModelErrors.Signature(ModelDirectory.CodecFile, $"input 'audio_codes' has {codes[2]} codebooks; expected {DelayPattern.Codebooks}");
            codecCheck.Output("audio_values", TensorElementType.Float, 3);

            return new MusicGenModel(files, text, decoder, codec, conditionEncoder, signature, textDims > 0 ? textDims : encoderDims, tokenizer, provider);
        }
        catch
        {
            foreach (var s in opened) s.Dispose();
            throw;
        }
        finally
        {
            sessionOptions.Dispose();
        }
    }

    public void Dispose()
    {
        TextEncoder.Dispose();
        Decoder.Dispose();
        Codec.Dispose();
        ConditionEncoder?.Dispose();
    }
}
