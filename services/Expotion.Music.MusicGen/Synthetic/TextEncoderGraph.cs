using Expotion.Onnx;

namespace Expotion.Music.MusicGen.Synthetic;

/// <summary>
/// A stand-in for T5's encoder with the signature of transformers.js' <c>text_encoder.onnx</c>: token embeddings, masked,
/// one tanh projection → <c>last_hidden_state</c> [B, L, TextDims]. Different prompts give different states.
/// </summary>
internal static class TextEncoderGraph
{
    public static byte[] Build(SyntheticModelSpec spec, int vocabulary)
    {
        var g = new OnnxGraphBuilder();
        var ops = new GraphOps(g, new WeightSource(spec.Seed * 31 + 5));
        g.Input("input_ids", OnnxDataType.Int64, [-1, -1]);
        g.Input("attention_mask", OnnxDataType.Int64, [-1, -1]);
        var table = g.Floats("tokens", [vocabulary, spec.TextDims], new WeightSource(spec.Seed + 17).Uniform(vocabulary * spec.TextDims, 1));
        var embedded = g.Node("Gather", [table, "input_ids"]);
        var mask = g.Node("Unsqueeze", [g.Node("Cast", ["attention_mask"], null, OnnxAttribute.Of("to", (long)OnnxDataType.Float)), g.Int64s("axes", 2)]);
        var projected = ops.MatMul(g.Node("Mul", [embedded, mask]), ops.Weight("proj", spec.TextDims, spec.TextDims, 2f));
        g.Node("Tanh", [projected], "last_hidden_state");
        g.Output("last_hidden_state", OnnxDataType.Float, [-1, -1, spec.TextDims]);
        return g.ToModel("t5_encoder_synthetic", 17, "expotion", "1", "Synthetic text encoder (random weights, real signature).");
    }
}
