using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Expotion.Music.MusicGen;

/// <summary>
/// What <c>condition_encoder.onnx</c> (EXPOTION adaptor contract v2) declares: <c>visual_condition</c> float
/// [2B, rows, D] in (D read from the graph, never assumed) and, for every layer whose decoder self-attention takes a
/// prefix, <c>prefix.{i}.{query,key,value}</c> float [2B, heads, rows, head] out, with the decoder's heads, head size
/// and rows.
/// </summary>
public static class ConditionEncoderSignature
{
    /// <summary>Checks the encoder against the decoder's v2 signature; returns the condition width D.</summary>
    public static int Read(IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs, DecoderSignature decoder, string file)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var check = new SignatureCheck(file, inputs, outputs);
        var visual = check.Input(DecoderSignature.VisualCondition, TensorElementType.Float, 3);
        if (visual[2] <= 0)
            throw ModelErrors.Signature(file, $"input '{DecoderSignature.VisualCondition}' must declare its condition width D (dim 2), got [{string.Join(", ", visual)}]");
        if (visual[1] > 0 && visual[1] != decoder.ConditionFrames)
            throw ModelErrors.Signature(file, $"input '{DecoderSignature.VisualCondition}' is [{string.Join(", ", visual)}] ({visual[1]} rows); the decoder's prefixes have {decoder.ConditionFrames} rows");
        foreach (var i in decoder.Prefixed)
        {
            foreach (var kind in DecoderSignature.PrefixKinds)
            {
                var name = DecoderSignature.PrefixName(i, kind);
                var dims = check.Output(name, TensorElementType.Float, 4);
                // Outputs may leave dims symbolic (-1); a declared one must be the decoder's.
                if ((dims[1] > 0 && dims[1] != decoder.Heads) || (dims[2] > 0 && dims[2] != decoder.ConditionFrames) || (dims[3] > 0 && dims[3] != decoder.HeadSize))
                    throw ModelErrors.Signature(file, $"output '{name}' is [{string.Join(", ", dims)}]; {ModelDirectory.DecoderFile} takes [2B, {decoder.Heads}, {decoder.ConditionFrames}, {decoder.HeadSize}]");
            }
        }
        return visual[2];
    }
}
