using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Expotion.Music.MusicGen;

/// <summary>Checks that a graph has a named input or output of the expected element type and rank.</summary>
internal sealed class SignatureCheck(string file, IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs)
{
    public int[] Input(string name, TensorElementType type, int rank) => Check("input", inputs, name, type, rank);

    public int[] Output(string name, TensorElementType type, int rank) => Check("output", outputs, name, type, rank);

    private int[] Check(string what, IReadOnlyDictionary<string, NodeMetadata> values, string name, TensorElementType type, int rank)
    {
        if (!values.TryGetValue(name, out var meta))
            throw ModelErrors.Signature(file, $"no {what} '{name}' (it has: {string.Join(", ", values.Keys.Take(12))}{(values.Count > 12 ? ", …" : "")})");
        if (!meta.IsTensor || meta.ElementDataType != type)
            throw ModelErrors.Signature(file, $"{what} '{name}' is {(meta.IsTensor ? meta.ElementDataType.ToString() : meta.OnnxValueType.ToString())}; expected {type}");
        if (meta.Dimensions.Length != rank)
            throw ModelErrors.Signature(file, $"{what} '{name}' has rank {meta.Dimensions.Length} [{string.Join(", ", meta.Dimensions)}]; expected rank {rank}");
        return meta.Dimensions;
    }
}
