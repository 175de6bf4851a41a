using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Expotion.Music.MusicGen;

/// <summary>
/// What the merged decoder graph declares: layer count, heads and head size (read from its
/// <c>past_key_values.{i}.decoder.key</c> inputs, not assumed), the vocabulary (from <c>logits</c>), and which EXPOTION
/// adaptor contract it has: v1 (<c>visual_condition</c> [2B, 501, D] and <c>condition_offset</c> [1]), v2
/// (<c>prefix.{i}.{query,key,value}</c> [2B, heads, 501, head] from <c>condition_encoder.onnx</c> and
/// <c>condition_offset</c>), or none. For v2 the condition width D is the condition encoder's; <see cref="MusicGenModel"/>
/// fills it in.
/// </summary>
public sealed record DecoderSignature(int Layers, int Heads, int HeadSize, int Vocabulary, int ConditionFrames, int ConditionDims,
    int AdaptorVersion = 0, IReadOnlyList<int>? PrefixLayers = null)
{
    public const string InputIds = "input_ids";
    public const string EncoderHiddenStates = "encoder_hidden_states";
    public const string EncoderAttentionMask = "encoder_attention_mask";
    public const string UseCacheBranch = "use_cache_branch";
    public const string Logits = "logits";
    public const string VisualCondition = "visual_condition";
    public const string ConditionOffset = "condition_offset";

    /// <summary>Whether the graph has adaptor inputs (contract v1 or v2).</summary>
    public bool HasAdaptor => AdaptorVersion > 0;

    /// <summary>The layers whose self-attention takes a prefix (contract v2; empty otherwise).</summary>
    public IReadOnlyList<int> Prefixed => PrefixLayers ?? [];

    public static string PrefixName(int layer, string kind) => $"prefix.{layer}.{kind}";

    /// <summary>The three prefix tensors of a layer, in binding order.</summary>
    public static readonly string[] PrefixKinds = ["query", "key", "value"];

    public static string PastName(int layer, string part, string kind) => $"past_key_values.{layer}.{part}.{kind}";

    public static string PresentName(int layer, string part, string kind) => $"present.{layer}.{part}.{kind}";

    /// <summary>Reads and checks the signature; throws <see cref="ModelSignatureException"/> naming what is wrong.</summary>
    public static DecoderSignature Read(IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs, string file)
    {
        var check = new SignatureCheck(file, inputs, outputs);
        check.Input(InputIds, TensorElementType.Int64, 2);
        check.Input(EncoderHiddenStates, TensorElementType.Float, 3);
        check.Input(EncoderAttentionMask, TensorElementType.Int64, 2);
        check.Input(UseCacheBranch, TensorElementType.Bool, 1);
        var logits = check.Output(Logits, TensorElementType.Float, 3);
        var vocabulary = logits[2] > 0 ? logits[2] : DelayPattern.PadToken;
        if (vocabulary != DelayPattern.PadToken)
            throw ModelErrors.Signature(file, $"output '{Logits}' has {vocabulary} codes per codebook; MusicGen with EnCodec 32 kHz has {DelayPattern.PadToken}");

        var layers = 0;
        while (inputs.ContainsKey(PastName(layers, "decoder", "key"))) layers++;
        if (layers == 0)
            throw ModelErrors.Signature(file, $"no input '{PastName(0, "decoder", "key")}': not a merged decoder with a KV cache");
        var first = check.Input(PastName(0, "decoder", "key"), TensorElementType.Float, 4);
        int heads = first[1], headSize = first[3];
        if (heads <= 0 || headSize <= 0)
            throw ModelErrors.Signature(file, $"input '{PastName(0, "decoder", "key")}' must declare heads and head size (dims 1 and 3), got [{string.Join(", ", first)}]");
        for (var i = 0; i < layers; i++)
        {
            foreach (var part in new[] { "decoder", "encoder" })
            {
                foreach (var kind in new[] { "key", "value" })
                {
                    var dims = check.Input(PastName(i, part, kind), TensorElementType.Float, 4);
                    if (dims[1] != heads || dims[3] != headSize)
                        throw ModelErrors.Signature(file, $"input '{PastName(i, part, kind)}' is [{string.Join(", ", dims)}]; expected {heads} heads of {headSize}");
                    check.Output(PresentName(i, part, kind), TensorElementType.Float, 4);
                }
            }
        }

        int conditionFrames = 0, conditionDims = 0, version = 0;
        var hasVisual = inputs.ContainsKey(VisualCondition);
        var hasOffset = inputs.ContainsKey(ConditionOffset);
        var prefixed = Enumerable.Range(0, layers).Where(i => PrefixKinds.Any(k => inputs.ContainsKey(PrefixName(i, k)))).ToList();
        if (hasVisual && prefixed.Count > 0)
            throw ModelErrors.Signature(file, $"it has both '{VisualCondition}' (adaptor contract v1) and '{PrefixName(prefixed[0], "query")}' (contract v2); a decoder has one or the other");
        if (prefixed.Count > 0)
        {
            if (!hasOffset)
                throw ModelErrors.Signature(file, $"adaptor contract v2 needs '{ConditionOffset}' beside the '{PrefixName(prefixed[0], "query")}' inputs");
            check.Input(ConditionOffset, TensorElementType.Int64, 1);
            foreach (var i in prefixed)
            {
                foreach (var kind in PrefixKinds)
                {
                    var dims = check.Input(PrefixName(i, kind), TensorElementType.Float, 4);
                    if (dims[1] != heads || dims[3] != headSize)
                        throw ModelErrors.Signature(file, $"input '{PrefixName(i, kind)}' is [{string.Join(", ", dims)}]; expected [2B, {heads}, rows, {headSize}] ({heads} heads of {headSize}, as the KV cache)");
                    var rows = dims[2] > 0 ? dims[2] : AdaptorContract.ConditionFrames;
                    if (conditionFrames != 0 && rows != conditionFrames)
                        throw ModelErrors.Signature(file, $"input '{PrefixName(i, kind)}' has {rows} condition rows; '{PrefixName(prefixed[0], "query")}' has {conditionFrames}");
                    conditionFrames = rows;
                }
            }
            if (conditionFrames < 2)
                throw ModelErrors.Signature(file, $"the prefixes have {conditionFrames} condition rows; at least 2 (frames and the pad row)");
            version = 2;
        }
        else
        {
            if (hasVisual != hasOffset)
                throw ModelErrors.Signature(file, $"adaptor contract v1 needs both '{VisualCondition}' and '{ConditionOffset}'; the graph has only '{(hasVisual ? VisualCondition : ConditionOffset)}'");
            if (hasVisual)
            {
                var visual = check.Input(VisualCondition, TensorElementType.Float, 3);
                check.Input(ConditionOffset, TensorElementType.Int64, 1);
                conditionFrames = visual[1] > 0 ? visual[1] : AdaptorContract.ConditionFrames;
                conditionDims = visual[2];
                if (conditionDims <= 0)
                    throw ModelErrors.Signature(file, $"input '{VisualCondition}' must declare its condition width D (dim 2), got [{string.Join(", ", visual)}]");
                version = 1;
            }
        }
        return new DecoderSignature(layers, heads, headSize, vocabulary, conditionFrames, conditionDims, version, prefixed);
    }
}
