using Expotion.Kernels.Batching;

namespace Expotion.Kernels.Smoothing;

/// <summary>
/// Temporal smoothing of many streams in one call (one kernel launch on a GPU). Layout: row-major
/// [streams × frames × dims] (<see cref="BatchShape"/>); lengths[s] ≤ frames is stream s's valid length and
/// frames after it come out as zeros. <see cref="CpuSmoother"/> is the reference, <see cref="CudaSmoother"/>
/// runs kernels/smooth.cu; both agree bit for bit when the CUDA twin uses <see cref="Cuda.KernelFloatMode.Exact"/>.
/// </summary>
public interface IBatchSmoother
{
    /// <summary>
    /// Centred window (a Gaussian, typically) of 2·radius + 1 <paramref name="weights"/>: output frame c is
    /// <see cref="ISmoother.WeightedSum"/> over the frames c − radius … c + radius that exist, so the look-ahead
    /// is radius frames and the weights renormalise at the stream's edges.
    /// </summary>
    void Gaussian(ReadOnlySpan<float> src, ReadOnlySpan<int> lengths, BatchShape shape, ReadOnlySpan<float> weights, Span<float> dst);

    /// <summary>Causal one-pole filter along time: y[0] = x[0], then <see cref="ISmoother.ExponentialStep"/> with alpha[s].</summary>
    void Exponential(ReadOnlySpan<float> src, ReadOnlySpan<int> lengths, BatchShape shape, ReadOnlySpan<float> alpha, Span<float> dst);

    /// <summary>One live tick for many streams: state[s] += (x[s] − state[s])·alpha[s]; state and x are [streams × dims].</summary>
    void ExponentialStep(Span<float> state, ReadOnlySpan<float> x, int streams, int dims, ReadOnlySpan<float> alpha);

    /// <summary>One-euro filter along time with per-stream settings (causal, adaptive cutoff).</summary>
    void OneEuro(ReadOnlySpan<float> src, ReadOnlySpan<int> lengths, BatchShape shape, ReadOnlySpan<OneEuroParameters> parameters, Span<float> dst);
}
