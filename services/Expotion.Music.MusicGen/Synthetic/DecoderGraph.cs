using Expotion.Onnx;

namespace Expotion.Music.MusicGen.Synthetic;

/// <summary>
/// A small pre-norm transformer decoder with exactly the inputs and outputs of transformers.js'
/// <c>decoder_model_merged.onnx</c> for MusicGen: the four codebooks' embeddings summed, learned positions offset by the
/// cached length, per layer causal self-attention over past + new keys (<c>present.{i}.decoder.*</c> = concatenation),
/// cross-attention over the text states masked by <c>encoder_attention_mask</c> (keys and values taken from
/// <c>past_key_values.{i}.encoder.*</c> when <c>use_cache_branch</c> is true, computed from the states otherwise), a ReLU
/// MLP, and four LM heads → <c>logits</c> [2B·4, S, 2048]. With <see cref="SyntheticModelSpec.ConditionDims"/> &gt; 0 it
/// also takes the adaptor contract v1 inputs: the projected <c>visual_condition</c> row (condition_offset + s) is added
/// to input column s, and every layer adds a gated prefix attention over all 501 projected rows (EXPOTION's shape).
/// </summary>
internal static class DecoderGraph
{
    private const int Vocabulary = DelayPattern.PadToken;
    private const int Embeddings = DelayPattern.PadToken + 1;

    public static byte[] Build(SyntheticModelSpec spec)
    {
        spec.Validate();
        var g = new OnnxGraphBuilder();
        var ops = new GraphOps(g, new WeightSource(spec.Seed * 7919 + 3));
        int h = spec.Hidden, nh = spec.Heads, hs = spec.HeadSize, layers = spec.Layers;

        g.Input(DecoderSignature.InputIds, OnnxDataType.Int64, [-1, -1]);
        g.Input(DecoderSignature.EncoderHiddenStates, OnnxDataType.Float, [-1, -1, spec.TextDims]);
        g.Input(DecoderSignature.EncoderAttentionMask, OnnxDataType.Int64, [-1, -1]);
        for (var i = 0; i < layers; i++)
            foreach (var part in new[] { "decoder", "encoder" })
                foreach (var kind in new[] { "key", "value" })
                    g.Input(DecoderSignature.PastName(i, part, kind), OnnxDataType.Float, [-1, nh, -1, hs]);
        g.Input(DecoderSignature.UseCacheBranch, OnnxDataType.Bool, [1]);
        if (spec.ConditionDims > 0)
        {
            g.Input(DecoderSignature.VisualCondition, OnnxDataType.Float, [-1, AdaptorContract.ConditionFrames, spec.ConditionDims]);
            g.Input(DecoderSignature.ConditionOffset, OnnxDataType.Int64, [1]);
        }

        // Embeddings: ids [2B·4, S] → [2B, 4, S] + codebook offsets → gather → sum over codebooks → [2B, S, H].
        var sequence = ops.Dim(DecoderSignature.InputIds, 1);
        var ids = g.Node("Reshape", [DecoderSignature.InputIds, g.Node("Concat", [g.Int64s("minus1", -1), g.Int64s("books", DelayPattern.Codebooks), sequence], null, OnnxAttribute.Of("axis", 0L))]);
        var offsets = g.Node("Reshape", [g.Int64s("book_offsets", 0, Embeddings, 2 * Embeddings, 3 * Embeddings), g.Int64s("shape", 1, DelayPattern.Codebooks, 1)]);
        var table = g.Floats("embed", [DelayPattern.Codebooks * Embeddings, h], new WeightSource(spec.Seed).Uniform(DelayPattern.Codebooks * Embeddings * h, 1, 0.5f));
        var x = g.Node("ReduceSum", [g.Node("Gather", [table, ops.Add(ids, offsets)]), g.Int64s("axes", 1)], null, OnnxAttribute.Of("keepdims", 0L));

        // Positions past .. past + S − 1.
        var past = ops.Dim(DecoderSignature.PastName(0, "decoder", "key"), 2);
        var positions = g.Node("Range", [ops.Scalar(past), ops.Scalar(ops.Add(past, sequence)), ops.Int64Scalar("one", 1)]);
        var positionTable = g.Floats("positions", [spec.MaxPositions, h], new WeightSource(spec.Seed + 11).Uniform(spec.MaxPositions * h, 1, 0.3f));
        x = ops.Add(x, g.Node("Gather", [positionTable, positions]));

        // Causal bias [S, T]: key t is visible from absolute position p when t ≤ p.
        var total = ops.Add(past, sequence);
        var keys = g.Node("Range", [ops.Int64Scalar("zero", 0), ops.Scalar(total), ops.Int64Scalar("one", 1)]);
        var visible = g.Node("LessOrEqual", [keys, g.Node("Unsqueeze", [positions, g.Int64s("axes", 1)])]);
        var causal = g.Node("Where", [visible, g.Scalar("zero", 0f), g.Scalar("neg", -1e9f)]);

        // Encoder bias [2B, 1, 1, L] from the mask; the text length L.
        var maskFloat = g.Node("Cast", [DecoderSignature.EncoderAttentionMask], null, OnnxAttribute.Of("to", (long)OnnxDataType.Float));
        var encBias = g.Node("Unsqueeze", [g.Node("Mul", [g.Node("Sub", [g.Scalar("one", 1f), maskFloat]), g.Scalar("neg", -1e9f)]), g.Int64s("axes", 1, 2)]);
        var textLength = ops.Dim(DecoderSignature.EncoderHiddenStates, 1);

        // Adaptor: projected conditions [2B, 501, H]; the row for each input column added to it.
        string? prefix = null;
        if (spec.ConditionDims > 0)
        {
            prefix = ops.Add(ops.MatMul(DecoderSignature.VisualCondition, ops.Weight("cond_proj", spec.ConditionDims, h, 2f)),
                g.Floats("cond_pos", [AdaptorContract.ConditionFrames, h], new WeightSource(spec.Seed + 13).Uniform(AdaptorContract.ConditionFrames * h, 1, 0.1f)));
            var local = g.Node("Range", [ops.Int64Scalar("zero", 0), ops.Scalar(sequence), ops.Int64Scalar("one", 1)]);
            var rows = g.Node("Min", [g.Node("Max", [ops.Add(local, DecoderSignature.ConditionOffset), g.Int64s("lo", 0)]), g.Int64s("hi", AdaptorContract.ConditionFrames - 1)]);
            x = ops.Add(x, g.Node("Gather", [prefix, rows], null, OnnxAttribute.Of("axis", 1L)));
        }

        LayerWeights? shared = null;
        for (var i = 0; i < layers; i++)
        {
            var w = spec.ShareLayerWeights ? shared ??= LayerWeights.Create(ops, spec) : LayerWeights.Create(ops, spec);

            // Self-attention with the cache.
            var n1 = ops.LayerNorm(x, w.Gamma, w.Beta);
            var q = ops.SplitHeads(ops.MatMul(n1, w.Q), nh, hs);
            var k = g.Node("Concat", [DecoderSignature.PastName(i, "decoder", "key"), ops.SplitHeads(ops.MatMul(n1, w.K), nh, hs)],
                DecoderSignature.PresentName(i, "decoder", "key"), OnnxAttribute.Of("axis", 2L));
            var v = g.Node("Concat", [DecoderSignature.PastName(i, "decoder", "value"), ops.SplitHeads(ops.MatMul(n1, w.V), nh, hs)],
                DecoderSignature.PresentName(i, "decoder", "value"), OnnxAttribute.Of("axis", 2L));
            x = ops.Add(x, ops.MatMul(ops.MergeHeads(ops.Attention(q, k, v, causal, hs), h), w.O));
            if (prefix is not null)
            {
                var pk = ops.SplitHeads(ops.MatMul(prefix, w.PrefixK!), nh, hs);
                var pv = ops.SplitHeads(ops.MatMul(prefix, w.PrefixV!), nh, hs);
                var gated = g.Node("Mul", [ops.MergeHeads(ops.Attention(q, pk, pv, null, hs), h), g.Scalar("gate", 0.5f)]);
                x = ops.Add(x, gated);
            }

            // Cross-attention over the text, keys and values from the cache when use_cache_branch is set.
            var n2 = ops.LayerNorm(x, w.Gamma, w.Beta);
            var q2 = ops.SplitHeads(ops.MatMul(n2, w.Q2), nh, hs);
            var ek = CachedOrComputed(ops, i, "key", ops.SplitHeads(ops.MatMul(DecoderSignature.EncoderHiddenStates, w.K2), nh, hs), textLength);
            var ev = CachedOrComputed(ops, i, "value", ops.SplitHeads(ops.MatMul(DecoderSignature.EncoderHiddenStates, w.V2), nh, hs), textLength);
            x = ops.Add(x, ops.MatMul(ops.MergeHeads(ops.Attention(q2, ek, ev, encBias, hs), h), w.O2));

            // MLP.
            var n3 = ops.LayerNorm(x, w.Gamma, w.Beta);
            x = ops.Add(x, ops.MatMul(g.Node("Relu", [ops.MatMul(n3, w.Up)]), w.Down));
        }

        // Four heads: [2B, S, 4·V] → [2B, S, 4, V] → [2B, 4, S, V] → [2B·4, S, V].
        var final = ops.LayerNorm(x, ops.Vector("ln_f_g", h, 1f), ops.Vector("ln_f_b", h, 0f));
        var heads = ops.MatMul(final, ops.Weight("lm_heads", h, DelayPattern.Codebooks * Vocabulary, 4f));
        var split = g.Node("Transpose", [g.Node("Reshape", [heads, g.Int64s("shape", 0, 0, DelayPattern.Codebooks, Vocabulary)])], null, OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L));
        g.Node("Reshape", [split, g.Node("Concat", [g.Int64s("minus1", -1), sequence, g.Int64s("vocab", Vocabulary)], null, OnnxAttribute.Of("axis", 0L))], DecoderSignature.Logits);

        g.Output(DecoderSignature.Logits, OnnxDataType.Float, [-1, -1, Vocabulary]);
        for (var i = 0; i < layers; i++)
            foreach (var part in new[] { "decoder", "encoder" })
                foreach (var kind in new[] { "key", "value" })
                    g.Output(DecoderSignature.PresentName(i, part, kind), OnnxDataType.Float, [-1, nh, -1, hs]);
        return g.ToModel("musicgen_decoder_synthetic", 17, "expotion", "1", "Synthetic MusicGen merged decoder (random weights, real signature).");
    }

    /// <summary>
    /// present.{i}.encoder.{kind}: the cached tensor when use_cache_branch (the first L rows of past ++ computed, which is
    /// the past when it holds L rows), the computed one otherwise.
    /// </summary>
    private static string CachedOrComputed(GraphOps ops, int layer, string kind, string computed, string textLength)
    {
        var g = ops.Graph;
        var joined = g.Node("Concat", [DecoderSignature.PastName(layer, "encoder", kind), computed], null, OnnxAttribute.Of("axis", 2L));
        var firstL = g.Node("Slice", [joined, g.Int64s("start", 0), textLength, g.Int64s("axes", 2)]);
        return g.Node("Where", [DecoderSignature.UseCacheBranch, firstL, computed], DecoderSignature.PresentName(layer, "encoder", kind));
    }

    private sealed record LayerWeights(string Gamma, string Beta, string Q, string K, string V, string O, string Q2, string K2, string V2, string O2,
        string Up, string Down, string? PrefixK, string? PrefixV)
    {
        public static LayerWeights Create(GraphOps ops, SyntheticModelSpec spec)
        {
            int h = spec.Hidden, f = spec.Hidden * spec.FfnMultiplier;
            return new LayerWeights(
                ops.Vector("ln_g", h, 1f), ops.Vector("ln_b", h, 0f),
                ops.Weight("q", h, h, 2f), ops.Weight("k", h, h, 2f), ops.Weight("v", h, h), ops.Weight("o", h, h, 0.5f),
                ops.Weight("q2", h, h, 2f), ops.Weight("k2", spec.TextDims, h, 2f), ops.Weight("v2", spec.TextDims, h), ops.Weight("o2", h, h, 0.5f),
                ops.Weight("up", h, f), ops.Weight("down", f, h, 0.5f),
                spec.ConditionDims > 0 ? ops.Weight("pk", h, h, 2f) : null,
                spec.ConditionDims > 0 ? ops.Weight("pv", h, h) : null);
        }
    }
}
