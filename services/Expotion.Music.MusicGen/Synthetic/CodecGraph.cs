using Expotion.Onnx;

namespace Expotion.Music.MusicGen.Synthetic;

/// <summary>
/// A stand-in for EnCodec's decoder with the signature of transformers.js' <c>encodec_decode.onnx</c>: each frame's four
/// codes embedded and summed, projected to 640 samples through tanh → <c>audio_values</c> [B, 1, frames·640]. Each frame
/// maps to its own samples (no context across frames), so a decode in pieces equals one decode of the whole — unless
/// <see cref="SyntheticModelSpec.CodecMemory"/>, where frame f adds 0.7 × frame f − 1's embedding (zero before the first).
/// </summary>
internal static class CodecGraph
{
    public static byte[] Build(SyntheticModelSpec spec)
    {
        var g = new OnnxGraphBuilder();
        var ops = new GraphOps(g, new WeightSource(spec.Seed * 131 + 7));
        const int codes = DelayPattern.PadToken;
        g.Input("audio_codes", OnnxDataType.Int64, [1, -1, DelayPattern.Codebooks, -1]);
        var offsets = g.Node("Reshape", [g.Int64s("book_offsets", 0, codes, 2 * codes, 3 * codes), g.Int64s("shape", 1, 1, DelayPattern.Codebooks, 1)]);
        var table = g.Floats("codebooks", [DelayPattern.Codebooks * codes, spec.CodecDims], new WeightSource(spec.Seed + 19).Uniform(DelayPattern.Codebooks * codes * spec.CodecDims, 1));
        var summed = g.Node("ReduceSum", [g.Node("Gather", [table, ops.Add("audio_codes", offsets)]), g.Int64s("axes", 2)], null, OnnxAttribute.Of("keepdims", 0L));
        if (spec.CodecMemory)
        {
            // [1, B, F, C] shifted one frame later along F: Pad one zero frame in front, keep the first F.
            var padded = g.Node("Pad", [summed, g.Int64s("pads", 0, 0, 1, 0, 0, 0, 0, 0)]);
            var previous = g.Node("Slice", [padded, g.Int64s("start", 0), ops.Dim(summed, 2), g.Int64s("axes", 2)]);
            summed = ops.Add(summed, g.Node("Mul", [previous, g.Scalar("memory", 0.7f)]));
        }
        var samples = g.Node("Tanh", [ops.MatMul(summed, ops.Weight("synth", spec.CodecDims, MusicGenModel.SamplesPerFrame, 1.5f))]);
        var batch = ops.Dim("audio_codes", 1);
        g.Node("Reshape", [samples, g.Node("Concat", [batch, g.Int64s("one", 1), g.Int64s("minus1", -1)], null, OnnxAttribute.Of("axis", 0L))], "audio_values");
        g.Output("audio_values", OnnxDataType.Float, [-1, 1, -1]);
        return g.ToModel("encodec_decoder_synthetic", 17, "expotion", "1", "Synthetic EnCodec decoder (random weights, real signature).");
    }
}
