using System.Numerics;
using System.Runtime.InteropServices;

namespace Expotion.Kernels.Flow;

/// <summary>
/// Hand-written image filters for the flow (no image-processing library is available here): separable
/// convolution with clamp-to-edge borders, 5-point derivatives, blur-and-decimate, flow upsampling.
/// Interior spans use <see cref="Vector{T}"/>; borders take scalar clamped loops.
/// </summary>
internal static class ImageFilters
{
    /// <summary>Binomial 5-tap low-pass used before decimating by two.</summary>
    internal static readonly float[] Binomial5 = [1f / 16, 4f / 16, 6f / 16, 4f / 16, 1f / 16];

    /// <summary>A normalised 1-D Gaussian of 2·radius + 1 taps.</summary>
    public static float[] GaussianKernel(int radius, float sigma)
    {
        var k = new float[2 * radius + 1];
        var sum = 0.0;
        for (var i = -radius; i <= radius; i++)
            sum += k[i + radius] = (float)Math.Exp(-0.5 * i * i / (sigma * sigma));
        for (var i = 0; i < k.Length; i++)
            k[i] = (float)(k[i] / sum);
        return k;
    }

    /// <summary>dst = K ⊗ Kᵀ ∗ src over a w x h image; <paramref name="tmp"/> holds the horizontal pass. dst may be src.</summary>
    public static void FilterSeparable(ReadOnlySpan<float> src, Span<float> dst, Span<float> tmp, int w, int h, ReadOnlySpan<float> kernel)
    {
        var n = w * h;
        if (src.Length < n || dst.Length < n || tmp.Length < n)
            throw new ArgumentException($"buffers shorter than {w}x{h}");
        var r = kernel.Length / 2;
        for (var y = 0; y < h; y++)
            FilterRow(src.Slice(y * w, w), tmp.Slice(y * w, w), kernel, r);

        Span<int> rows = stackalloc int[kernel.Length];
        ref var t = ref MemoryMarshal.GetReference(tmp);
        for (var y = 0; y < h; y++)
        {
            for (var j = 0; j < kernel.Length; j++)
                rows[j] = Math.Clamp(y - r + j, 0, h - 1) * w;
            var d = dst.Slice(y * w, w);
            ref var dr = ref MemoryMarshal.GetReference(d);
            var x = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; x <= w - Vector<float>.Count; x += Vector<float>.Count)
                {
                    var acc = Vector<float>.Zero;
                    for (var j = 0; j < kernel.Length; j++)
                        acc += Vector.LoadUnsafe(ref t, (nuint)(rows[j] + x)) * kernel[j];
                    acc.StoreUnsafe(ref dr, (nuint)x);
                }
            }
            for (; x < w; x++)
            {
                var acc = 0f;
                for (var j = 0; j < kernel.Length; j++)
                    acc += tmp[rows[j] + x] * kernel[j];
                d[x] = acc;
            }
        }
    }

    private static void FilterRow(ReadOnlySpan<float> s, Span<float> d, ReadOnlySpan<float> kernel, int r)
    {
        var w = s.Length;
        var x = 0;
        for (; x < Math.Min(r, w); x++)
            d[x] = ClampedTap(s, x, kernel, r);
        if (Vector.IsHardwareAccelerated)
        {
            ref var sr = ref MemoryMarshal.GetReference(s);
            ref var dr = ref MemoryMarshal.GetReference(d);
            // Interior: every tap x − r + j of the vector stays inside the row.
            for (; x + r + Vector<float>.Count <= w; x += Vector<float>.Count)
            {
                var acc = Vector<float>.Zero;
                for (var j = 0; j < kernel.Length; j++)
                    acc += Vector.LoadUnsafe(ref sr, (nuint)(x - r + j)) * kernel[j];
                acc.StoreUnsafe(ref dr, (nuint)x);
            }
        }
        for (; x < w - r; x++)
        {
            var acc = 0f;
            for (var j = 0; j < kernel.Length; j++)
                acc += s[x - r + j] * kernel[j];
            d[x] = acc;
        }
        for (; x < w; x++)
            d[x] = ClampedTap(s, x, kernel, r);
    }

    private static float ClampedTap(ReadOnlySpan<float> s, int x, ReadOnlySpan<float> kernel, int r)
    {
        var acc = 0f;
        for (var j = -r; j <= r; j++)
            acc += s[Math.Clamp(x + j, 0, s.Length - 1)] * kernel[j + r];
        return acc;
    }

    /// <summary>dst += src · w, element-wise.</summary>
    public static void AddScaled(Span<float> dst, ReadOnlySpan<float> src, float w)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vw = new Vector<float>(w);
            for (; i <= dst.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(dst[i..]) + new Vector<float>(src[i..]) * vw).CopyTo(dst[i..]);
        }
        for (; i < dst.Length; i++)
            dst[i] += src[i] * w;
    }

    /// <summary>
    /// Spatial gradient by the 5-point central difference (I[x−2] − 8·I[x−1] + 8·I[x+1] − I[x+2]) / 12,
    /// clamped at the borders, in luminance per pixel.
    /// </summary>
    public static void Gradient(ReadOnlySpan<float> img, Span<float> ix, Span<float> iy, int w, int h)
    {
        const float a = 8f / 12f, b = 1f / 12f;
        for (var y = 0; y < h; y++)
        {
            var s = img.Slice(y * w, w);
            var d = ix.Slice(y * w, w);
            var x = 0;
            for (; x < Math.Min(2, w); x++)
                d[x] = ClampedDerivative(s, x);
            if (Vector.IsHardwareAccelerated)
            {
                for (; x + 2 + Vector<float>.Count <= w; x += Vector<float>.Count)
                {
                    var v = (new Vector<float>(s[(x + 1)..]) - new Vector<float>(s[(x - 1)..])) * a
                          - (new Vector<float>(s[(x + 2)..]) - new Vector<float>(s[(x - 2)..])) * b;
                    v.CopyTo(d[x..]);
                }
            }
            for (; x < w - 2; x++)
                d[x] = (s[x + 1] - s[x - 1]) * a - (s[x + 2] - s[x - 2]) * b;
            for (; x < w; x++)
                d[x] = ClampedDerivative(s, x);

            var m2 = img.Slice(Math.Max(y - 2, 0) * w, w);
            var m1 = img.Slice(Math.Max(y - 1, 0) * w, w);
            var p1 = img.Slice(Math.Min(y + 1, h - 1) * w, w);
            var p2 = img.Slice(Math.Min(y + 2, h - 1) * w, w);
            var dy = iy.Slice(y * w, w);
            var i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= w - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var v = (new Vector<float>(p1[i..]) - new Vector<float>(m1[i..])) * a
                          - (new Vector<float>(p2[i..]) - new Vector<float>(m2[i..])) * b;
                    v.CopyTo(dy[i..]);
                }
            }
            for (; i < w; i++)
                dy[i] = (p1[i] - m1[i]) * a - (p2[i] - m2[i]) * b;
        }
    }

    private static float ClampedDerivative(ReadOnlySpan<float> s, int x)
    {
        var n = s.Length - 1;
        return (s[Math.Min(x + 1, n)] - s[Math.Max(x - 1, 0)]) * (8f / 12f)
             - (s[Math.Min(x + 2, n)] - s[Math.Max(x - 2, 0)]) * (1f / 12f);
    }

    /// <summary>
    /// Binomial blur then keep the even pixels: dst(x, y) = blurred src(2x, 2y); dst is ⌈w/2⌉ x ⌈h/2⌉.
    /// <paramref name="tmp"/> holds dw x h values.
    /// </summary>
    public static void BlurDecimate(ReadOnlySpan<float> src, int w, int h, Span<float> dst, Span<float> tmp)
    {
        var dw = (w + 1) / 2;
        var dh = (h + 1) / 2;
        var k = Binomial5;
        for (var y = 0; y < h; y++)
        {
            var s = src.Slice(y * w, w);
            var t = tmp.Slice(y * dw, dw);
            for (var x = 0; x < dw; x++)
            {
                var c = 2 * x;
                t[x] = c >= 2 && c + 2 < w
                    ? s[c - 2] * k[0] + s[c - 1] * k[1] + s[c] * k[2] + s[c + 1] * k[3] + s[c + 2] * k[4]
                    : ClampedTap(s, c, k, 2);
            }
        }
        for (var y = 0; y < dh; y++)
        {
            var d = dst.Slice(y * dw, dw);
            d.Clear();
            for (var j = -2; j <= 2; j++)
                AddScaled(d, tmp.Slice(Math.Clamp(2 * y + j, 0, h - 1) * dw, dw), k[j + 2]);
        }
    }

    /// <summary>
    /// Flow of a cw x ch level to the next finer w x h level (w ≤ 2·cw, h ≤ 2·ch): fine(x, y) = 2 · coarse(x/2, y/2),
    /// bilinear, matching <see cref="BlurDecimate"/>'s sampling (coarse pixel i sits on fine pixel 2i).
    /// </summary>
    public static void UpsampleFlow(ReadOnlySpan<float> cu, ReadOnlySpan<float> cv, int cw, int ch, Span<float> u, Span<float> v, int w, int h)
    {
        // fine(x, y) = 2 · mean of the (up to) four coarse neighbours of (x/2, y/2): an even coordinate
        // sits on a coarse pixel and takes it twice, an odd one sits halfway and takes both.
        for (var y = 0; y < h; y++)
        {
            var y0 = Math.Min(y >> 1, ch - 1);
            var y1 = Math.Min((y + 1) >> 1, ch - 1);
            var a = cu.Slice(y0 * cw, cw);
            var b = cu.Slice(y1 * cw, cw);
            var c = cv.Slice(y0 * cw, cw);
            var d = cv.Slice(y1 * cw, cw);
            var ur = u.Slice(y * w, w);
            var vr = v.Slice(y * w, w);
            for (var x = 0; x < w; x++)
            {
                var x0 = Math.Min(x >> 1, cw - 1);
                var x1 = Math.Min((x + 1) >> 1, cw - 1);
                ur[x] = 0.5f * (a[x0] + a[x1] + b[x0] + b[x1]);
                vr[x] = 0.5f * (c[x0] + c[x1] + d[x0] + d[x1]);
            }
        }
    }
}
