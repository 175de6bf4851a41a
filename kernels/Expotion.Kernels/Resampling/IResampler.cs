namespace Expotion.Kernels.Resampling;

/// <summary>
/// Resampling of feature frames along time. Layout: row-major [time × dims] per stream.
/// The CPU twin (<see cref="CpuResampler"/>) is the reference; a CUDA twin batches many streams per launch.
/// </summary>
public interface IResampler
{
    /// <summary>dst = a + (b − a) · w, element-wise (linear interpolation between two frames).</summary>
    void Lerp(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float w, Span<float> dst);

    /// <summary>
    /// EXPOTION's offline alignment, exactly as <c>F.interpolate(v, T, mode='linear', align_corners=True)</c>:
    /// output frame i samples input position i·(N−1)/(T−1).
    /// </summary>
    void AlignCorners(ReadOnlySpan<float> src, int frames, int dims, Span<float> dst, int targetFrames);
}
