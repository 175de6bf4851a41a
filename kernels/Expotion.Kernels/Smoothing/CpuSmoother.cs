using System.Numerics;

namespace Expotion.Kernels.Smoothing;

/// <summary>
/// The CPU reference of <see cref="ISmoother"/> and <see cref="IBatchSmoother"/>, vectorised with
/// <see cref="Vector{T}"/> and parallel over streams. Every value is computed with the same operations in
/// the same order as kernels/smooth.cu, so the two agree bit for bit (NVRTC with --fmad=false).
/// </summary>
public sealed partial class CpuSmoother : ISmoother, IBatchSmoother
{
    public static CpuSmoother Instance { get; } = new();

    public void ExponentialStep(Span<float> state, ReadOnlySpan<float> x, float alpha)
    {
        if (state.Length != x.Length)
            throw new ArgumentException($"lengths differ: state {state.Length}, x {x.Length}");
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(alpha);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var s = new Vector<float>(state[i..]);
                (s + (new Vector<float>(x[i..]) - s) * va).CopyTo(state[i..]);
            }
        }
        for (; i < x.Length; i++)
            state[i] += (x[i] - state[i]) * alpha;
    }

    public void WeightedSum(ReadOnlySpan<float> window, ReadOnlySpan<float> weights, int dims, Span<float> dst)
    {
        if (window.Length != weights.Length * dims || dst.Length != dims)
            throw new ArgumentException($"window {window.Length} != {weights.Length} × {dims}, or dst {dst.Length} != {dims}");
        var total = 0f;
        foreach (var w in weights) total += w;
        if (total <= 0f)
            throw new ArgumentException("weights sum to zero");
        dst.Clear();
        for (var j = 0; j < weights.Length; j++)
        {
            var w = weights[j] / total;
            var row = window.Slice(j * dims, dims);
            var k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var vw = new Vector<float>(w);
                for (; k <= dims - Vector<float>.Count; k += Vector<float>.Count)
                    (new Vector<float>(dst[k..]) + new Vector<float>(row[k..]) * vw).CopyTo(dst[k..]);
            }
            for (; k < dims; k++)
                dst[k] += row[k] * w;
        }
    }
}
