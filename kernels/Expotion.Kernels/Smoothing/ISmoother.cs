namespace Expotion.Kernels.Smoothing;

/// <summary>
/// Temporal smoothing of frames on a regular grid. The CPU twin (<see cref="CpuSmoother"/>) is the
/// reference; a CUDA twin batches many streams per launch.
/// </summary>
public interface ISmoother
{
    /// <summary>Causal one-pole filter, in place: state += alpha · (x − state).</summary>
    void ExponentialStep(Span<float> state, ReadOnlySpan<float> x, float alpha);

    /// <summary>
    /// Weighted sum of a window of frames: dst = Σ_j weights[j] · window[j] / Σ_j weights[j]
    /// over the frames present (a centred Gaussian at the stream's edges uses only the frames it has).
    /// window is row-major [weights.Length × dims].
    /// </summary>
    void WeightedSum(ReadOnlySpan<float> window, ReadOnlySpan<float> weights, int dims, Span<float> dst);
}
