using Expotion.Kernels.Batching;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Benchmarks;

/// <summary>
/// Straightforward scalar loops, one value at a time on one thread, with the same operations in the same order as
/// the kernels: the baseline of the CPU benchmark and the expected values of the tests (bit for bit).
/// </summary>
internal static class ScalarKernels
{
    public static void AlignCorners(float[] src, BatchShape shape, float[] dst, int targetFrames)
    {
        var (frames, dims) = (shape.Frames, shape.Dims);
        var scale = targetFrames > 1 ? (float)(frames - 1) / (targetFrames - 1) : 0f;
        for (var s = 0; s < shape.Streams; s++)
            for (var i = 0; i < targetFrames; i++)
            {
                var real = scale * i;
                var i0 = Math.Min((int)real, frames - 1);
                var i1 = i0 + (i0 < frames - 1 ? 1 : 0);
                var lambda1 = real - i0;
                var lambda0 = 1f - lambda1;
                for (var k = 0; k < dims; k++)
                    dst[((long)s * targetFrames + i) * dims + k] =
                        lambda0 * src[((long)s * frames + i0) * dims + k] + lambda1 * src[((long)s * frames + i1) * dims + k];
            }
    }

    public static void ResampleToGrid(float[] src, long[] ptsUs, int[] counts, BatchShape shape, long[] gridStartUs, long periodUs, float[] dst, int gridFrames)
    {
        var (frames, dims) = (shape.Frames, shape.Dims);
        for (var s = 0; s < shape.Streams; s++)
            for (var j = 0; j < gridFrames; j++)
            {
                var n = counts[s];
                var t = gridStartUs[s] + j * periodUs;
                var k = 0;
                while (k < n && ptsUs[(long)s * frames + k] < t) k++;
                for (var d = 0; d < dims; d++)
                {
                    float y;
                    if (n == 0) y = 0f;
                    else if (k == 0) y = src[(long)s * frames * dims + d];
                    else if (k == n) y = src[((long)s * frames + n - 1) * dims + d];
                    else
                    {
                        long p0 = ptsUs[(long)s * frames + k - 1], p1 = ptsUs[(long)s * frames + k];
                        var w = (float)((double)(t - p0) / (double)(p1 - p0));
                        var a = src[((long)s * frames + k - 1) * dims + d];
                        var b = src[((long)s * frames + k) * dims + d];
                        y = a + (b - a) * w;
                    }
                    dst[((long)s * gridFrames + j) * dims + d] = y;
                }
            }
    }

    public static void Gaussian(float[] src, int[] lengths, BatchShape shape, float[] weights, float[] dst)
    {
        var (frames, dims) = (shape.Frames, shape.Dims);
        var radius = weights.Length / 2;
        for (var s = 0; s < shape.Streams; s++)
            for (var c = 0; c < frames; c++)
                for (var d = 0; d < dims; d++)
                {
                    var at = ((long)s * frames + c) * dims + d;
                    if (c >= lengths[s])
                    {
                        dst[at] = 0f;
                        continue;
                    }
                    int lo = Math.Max(0, c - radius), hi = Math.Min(lengths[s] - 1, c + radius);
                    var total = 0f;
                    for (var j = lo; j <= hi; j++) total += weights[j - c + radius];
                    var acc = 0f;
                    for (var j = lo; j <= hi; j++)
                        acc += src[((long)s * frames + j) * dims + d] * (weights[j - c + radius] / total);
                    dst[at] = acc;
                }
    }

    public static void Exponential(float[] src, int[] lengths, BatchShape shape, float[] alpha, float[] dst)
    {
        var (frames, dims) = (shape.Frames, shape.Dims);
        for (var s = 0; s < shape.Streams; s++)
            for (var d = 0; d < dims; d++)
            {
                var state = 0f;
                for (var t = 0; t < frames; t++)
                {
                    var at = ((long)s * frames + t) * dims + d;
                    if (t >= lengths[s]) { dst[at] = 0f; continue; }
                    state = t == 0 ? src[at] : state + (src[at] - state) * alpha[s];
                    dst[at] = state;
                }
            }
    }

    public static void ExponentialStep(float[] state, float[] x, int streams, int dims, float[] alpha)
    {
        for (var s = 0; s < streams; s++)
            for (var d = 0; d < dims; d++)
            {
                var i = (long)s * dims + d;
                state[i] = state[i] + (x[i] - state[i]) * alpha[s];
            }
    }

    public static void OneEuro(float[] src, int[] lengths, BatchShape shape, OneEuroParameters[] parameters, float[] dst)
    {
        var (frames, dims) = (shape.Frames, shape.Dims);
        for (var s = 0; s < shape.Streams; s++)
        {
            var p = parameters[s];
            var rd = CpuSmoother.TwoPi * p.DerivativeCutoffHz / p.RateHz;
            var ad = rd / (rd + 1f);
            for (var d = 0; d < dims; d++)
            {
                float xhat = 0f, dhat = 0f;
                for (var t = 0; t < frames; t++)
                {
                    var at = ((long)s * frames + t) * dims + d;
                    if (t >= lengths[s]) { dst[at] = 0f; continue; }
                    var v = src[at];
                    if (t == 0) xhat = v;
                    else
                    {
                        var dx = (v - xhat) * p.RateHz;
                        dhat = dhat + (dx - dhat) * ad;
                        var fc = p.MinCutoffHz + p.Beta * MathF.Abs(dhat);
                        var r = CpuSmoother.TwoPi * fc / p.RateHz;
                        var a = r / (r + 1f);
                        xhat = xhat + (v - xhat) * a;
                    }
                    dst[at] = xhat;
                }
            }
        }
    }
}
