using Expotion.Kernels.Batching;

namespace Expotion.Kernels.Resampling;

/// <summary>
/// Resampling of many feature streams in one call (one kernel launch on a GPU). Layout: row-major
/// [streams × frames × dims] (<see cref="BatchShape"/>). <see cref="CpuResampler"/> is the reference,
/// <see cref="CudaResampler"/> runs kernels/resample.cu; both give bit-identical results when the CUDA
/// twin is compiled with <see cref="Cuda.KernelFloatMode.Exact"/>.
/// </summary>
public interface IBatchResampler
{
    /// <summary>
    /// <see cref="IResampler.AlignCorners"/> for every stream: src is [streams × frames × dims], dst is
    /// [streams × targetFrames × dims].
    /// </summary>
    void AlignCorners(ReadOnlySpan<float> src, BatchShape shape, Span<float> dst, int targetFrames);

    /// <summary>
    /// Irregular timestamps onto a regular grid. Stream s has counts[s] frames (src [streams × frames × dims])
    /// at increasing ptsUs ([streams × frames], µs); output frame j (dst [streams × gridFrames × dims]) sits at
    /// gridStartUs[s] + j·periodUs and is the linear interpolation a + (b − a)·w between the input frames
    /// around it, w computed in double as the streaming aligner does. Before the first input frame the first
    /// is held, after the last the last; a stream with no frames gives zeros.
    /// </summary>
    void ResampleToGrid(ReadOnlySpan<float> src, ReadOnlySpan<long> ptsUs, ReadOnlySpan<int> counts, BatchShape shape,
        ReadOnlySpan<long> gridStartUs, long periodUs, Span<float> dst, int gridFrames);
}
