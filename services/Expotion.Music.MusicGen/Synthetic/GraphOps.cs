using Expotion.Onnx;

namespace Expotion.Music.MusicGen.Synthetic;

/// <summary>The small compositions of ONNX ops the synthetic graphs share (shapes, attention, layer norm).</summary>
internal sealed class GraphOps(OnnxGraphBuilder g, WeightSource weights)
{
    public OnnxGraphBuilder Graph => g;

    /// <summary>Dimension <paramref name="axis"/> of <paramref name="tensor"/> as a 1-element int64 tensor.</summary>
    public string Dim(string tensor, int axis) =>
        g.Node("Slice", [g.Node("Shape", [tensor]), g.Int64s("start", axis), g.Int64s("end", axis + 1)]);

    /// <summary>A scalar int64 constant (Range's bounds and step).</summary>
    public string Int64Scalar(string hint, long value) =>
        g.Initializer(g.Fresh(hint), OnnxDataType.Int64, [], System.Runtime.InteropServices.MemoryMarshal.AsBytes(new[] { value }.AsSpan()));

    public string Scalar(string oneElement) => g.Node("Squeeze", [oneElement, g.Int64s("axes", 0)]);

    public string Weight(string hint, int rows, int cols, float gain = 1f) =>
        g.Floats(hint, [rows, cols], weights.Uniform(rows * cols, rows, gain));

    public string Vector(string hint, int count, float value) =>
        g.Floats(hint, [count], WeightSource.Constant(count, value));

    public string MatMul(string x, string w) => g.Node("MatMul", [x, w]);

    public string Add(string a, string b) => g.Node("Add", [a, b]);

    public string LayerNorm(string x, string gamma, string beta) =>
        g.Node("LayerNormalization", [x, gamma, beta], null, OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", 1e-5f));

    /// <summary>[B, T, H] → [B, heads, T, headSize].</summary>
    public string SplitHeads(string x, int heads, int headSize) =>
        g.Node("Transpose", [g.Node("Reshape", [x, g.Int64s("shape", 0, 0, heads, headSize)])], null, OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L));

    /// <summary>[B, heads, T, headSize] → [B, T, H].</summary>
    public string MergeHeads(string x, int hidden) =>
        g.Node("Reshape", [g.Node("Transpose", [x], null, OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L)), g.Int64s("shape", 0, 0, hidden)]);

    /// <summary>softmax(q·kᵀ/√d + bias)·v over [B, heads, ·, headSize]; <paramref name="bias"/> may be null.</summary>
    public string Attention(string q, string k, string v, string? bias, int headSize)
    {
        var kt = g.Node("Transpose", [k], null, OnnxAttribute.Of("perm", 0L, 1L, 3L, 2L));
        var scores = g.Node("Mul", [g.Node("MatMul", [q, kt]), g.Scalar("scale", 1f / MathF.Sqrt(headSize))]);
        if (bias is not null) scores = Add(scores, bias);
        var p = g.Node("Softmax", [scores], null, OnnxAttribute.Of("axis", -1L));
        return g.Node("MatMul", [p, v]);
    }
}
