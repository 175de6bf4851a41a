using System.Numerics;

namespace Expotion.Kernels.Resampling;

/// <summary>
/// The CPU reference of <see cref="IResampler"/> and <see cref="IBatchResampler"/>, vectorised with
/// <see cref="Vector{T}"/> and parallel over streams. Every value is computed with the same operations in
/// the same order as kernels/resample.cu, so the two agree bit for bit (NVRTC with --fmad=false).
/// </summary>
public sealed partial class CpuResampler : IResampler, IBatchResampler
{
    public static CpuResampler Instance { get; } = new();

    public void Lerp(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float w, Span<float> dst)
    {
        if (a.Length != b.Length || dst.Length != a.Length)
            throw new ArgumentException($"lengths differ: a {a.Length}, b {b.Length}, dst {dst.Length}");
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = new Vector<float>(w);
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var va = new Vector<float>(a[i..]);
                (va + (new Vector<float>(b[i..]) - va) * vw).CopyTo(dst[i..]);
            }
        }
        for (; i < a.Length; i++)
            dst[i] = a[i] + (b[i] - a[i]) * w;
    }

    public void AlignCorners(ReadOnlySpan<float> src, int frames, int dims, Span<float> dst, int targetFrames)
    {
        if (frames < 1 || dims < 1 || targetFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(frames), $"frames {frames}, dims {dims}, target {targetFrames} must be positive");
        if (src.Length < frames * dims || dst.Length < targetFrames * dims)
            throw new ArgumentException("buffer shorter than frames × dims");
        // PyTorch's area_pixel_compute_scale with align_corners=True, in the input's float precision.
        var scale = targetFrames > 1 ? (float)(frames - 1) / (targetFrames - 1) : 0f;
        for (var i = 0; i < targetFrames; i++)
        {
            var real = scale * i;
            var i0 = Math.Min((int)real, frames - 1);
            var i1 = i0 + (i0 < frames - 1 ? 1 : 0);
            var lambda1 = real - i0;
            var lambda0 = 1f - lambda1;
            var x0 = src.Slice(i0 * dims, dims);
            var x1 = src.Slice(i1 * dims, dims);
            var y = dst.Slice(i * dims, dims);
            var k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var v0 = new Vector<float>(lambda0);
                var v1 = new Vector<float>(lambda1);
                for (; k <= dims - Vector<float>.Count; k += Vector<float>.Count)
                    (v0 * new Vector<float>(x0[k..]) + v1 * new Vector<float>(x1[k..])).CopyTo(y[k..]);
            }
            for (; k < dims; k++)
                y[k] = lambda0 * x0[k] + lambda1 * x1[k];
        }
    }
}
