using System.Numerics;
using Expotion.Kernels.Batching;

namespace Expotion.Kernels.Smoothing;

public sealed partial class CpuSmoother
{
    /// <summary>2π as a float, the same constant kernels/smooth.cu uses.</summary>
    internal const float TwoPi = 6.28318530717958647692f;

    public unsafe void Gaussian(ReadOnlySpan<float> src, ReadOnlySpan<int> lengths, BatchShape shape, ReadOnlySpan<float> weights, Span<float> dst)
    {
        shape.Validate();
        BatchChecks.Buffer(src.Length, shape.Length, nameof(src));
        BatchChecks.Buffer(dst.Length, shape.Length, nameof(dst));
        BatchChecks.Lengths(lengths, shape);
        var radius = BatchChecks.Window(weights);
        var dims = shape.Dims;
        var stride = shape.StreamLength;
        fixed (float* ps = src, pd = dst, pw = weights)
        fixed (int* pl = lengths)
        {
            nint s0 = (nint)ps, d0 = (nint)pd, w0 = (nint)pw, l0 = (nint)pl;
            var windowLength = weights.Length;
            StreamParallel.For(shape.Streams, shape.Length * Math.Min(windowLength, 8), s =>
            {
                var x = new ReadOnlySpan<float>((float*)s0 + (long)s * stride, stride);
                var y = new Span<float>((float*)d0 + (long)s * stride, stride);
                var w = new ReadOnlySpan<float>((float*)w0, windowLength);
                var length = ((int*)l0)[s];
                for (var c = 0; c < length; c++)
                {
                    var lo = Math.Max(0, c - radius);
                    var hi = Math.Min(length - 1, c + radius);
                    WeightedSum(x.Slice(lo * dims, (hi - lo + 1) * dims), w.Slice(lo - c + radius, hi - lo + 1), dims, y.Slice(c * dims, dims));
                }
                y[(length * dims)..].Clear();
            });
        }
    }

    public unsafe void Exponential(ReadOnlySpan<float> src, ReadOnlySpan<int> lengths, BatchShape shape, ReadOnlySpan<float> alpha, Span<float> dst)
    {
        shape.Validate();
        BatchChecks.Buffer(src.Length, shape.Length, nameof(src));
        BatchChecks.Buffer(dst.Length, shape.Length, nameof(dst));
        BatchChecks.Lengths(lengths, shape);
        BatchChecks.Alpha(alpha, shape.Streams);
        var dims = shape.Dims;
        var stride = shape.StreamLength;
        fixed (float* ps = src, pd = dst, pa = alpha)
        fixed (int* pl = lengths)
        {
            nint s0 = (nint)ps, d0 = (nint)pd, a0 = (nint)pa, l0 = (nint)pl;
            StreamParallel.For(shape.Streams, shape.Length, s =>
            {
                var x = new ReadOnlySpan<float>((float*)s0 + (long)s * stride, stride);
                var y = new Span<float>((float*)d0 + (long)s * stride, stride);
                var length = ((int*)l0)[s];
                var a = ((float*)a0)[s];
                if (length > 0) x[..dims].CopyTo(y);
                for (var t = 1; t < length; t++)
                    ExponentialRow(y.Slice((t - 1) * dims, dims), x.Slice(t * dims, dims), a, y.Slice(t * dims, dims));
                y[(length * dims)..].Clear();
            });
        }
    }

    // y = prev + (x − prev)·a: ExponentialStep's operations, reading the state from the previous row.
    private static void ExponentialRow(ReadOnlySpan<float> prev, ReadOnlySpan<float> x, float a, Span<float> y)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            for (; k <= y.Length - Vector<float>.Count; k += Vector<float>.Count)
            {
                var s = new Vector<float>(prev[k..]);
                (s + (new Vector<float>(x[k..]) - s) * va).CopyTo(y[k..]);
            }
        }
        for (; k < y.Length; k++)
            y[k] = prev[k] + (x[k] - prev[k]) * a;
    }

    public void ExponentialStep(Span<float> state, ReadOnlySpan<float> x, int streams, int dims, ReadOnlySpan<float> alpha)
    {
        new BatchShape(streams, 1, dims).Validate();
        BatchChecks.Buffer(state.Length, (long)streams * dims, nameof(state));
        BatchChecks.Buffer(x.Length, (long)streams * dims, nameof(x));
        BatchChecks.Alpha(alpha, streams);
        for (var s = 0; s < streams; s++)
            ExponentialStep(state.Slice(s * dims, dims), x.Slice(s * dims, dims), alpha[s]);
    }

    public unsafe void OneEuro(ReadOnlySpan<float> src, ReadOnlySpan<int> lengths, BatchShape shape, ReadOnlySpan<OneEuroParameters> parameters, Span<float> dst)
    {
        shape.Validate();
        BatchChecks.Buffer(src.Length, shape.Length, nameof(src));
        BatchChecks.Buffer(dst.Length, shape.Length, nameof(dst));
        BatchChecks.Lengths(lengths, shape);
        BatchChecks.PerStream(parameters.Length, shape.Streams, nameof(parameters));
        for (var s = 0; s < shape.Streams; s++) parameters[s].Validate(s);
        var dims = shape.Dims;
        var stride = shape.StreamLength;
        fixed (float* ps = src, pd = dst)
        fixed (int* pl = lengths)
        fixed (OneEuroParameters* pp = parameters)
        {
            nint s0 = (nint)ps, d0 = (nint)pd, l0 = (nint)pl, p0 = (nint)pp;
            StreamParallel.For(shape.Streams, shape.Length * 4, s =>
            {
                var x = new ReadOnlySpan<float>((float*)s0 + (long)s * stride, stride);
                var y = new Span<float>((float*)d0 + (long)s * stride, stride);
                OneEuroStream(x, y, ((int*)l0)[s], dims, ((OneEuroParameters*)p0)[s]);
            });
        }
    }

    private static void OneEuroStream(ReadOnlySpan<float> x, Span<float> y, int length, int dims, OneEuroParameters p)
    {
        y[(length * dims)..].Clear();
        if (length == 0) return;
        var rate = p.RateHz;
        var minCutoff = p.MinCutoffHz;
        var beta = p.Beta;
        var rd = TwoPi * p.DerivativeCutoffHz / rate;
        var ad = rd / (rd + 1f);
        // y[t−1] holds x̂; dhat is the smoothed speed per dim.
        var dhat = new float[dims];
        x[..dims].CopyTo(y);
        for (var t = 1; t < length; t++)
        {
            var prev = y.Slice((t - 1) * dims, dims);
            var v = x.Slice(t * dims, dims);
            var row = y.Slice(t * dims, dims);
            var k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var vRate = new Vector<float>(rate);
                var vAd = new Vector<float>(ad);
                var vMin = new Vector<float>(minCutoff);
                var vBeta = new Vector<float>(beta);
                var vTwoPi = new Vector<float>(TwoPi);
                var one = Vector<float>.One;
                for (; k <= dims - Vector<float>.Count; k += Vector<float>.Count)
                {
                    var xhat = new Vector<float>(prev[k..]);
                    var vv = new Vector<float>(v[k..]);
                    var d = new Vector<float>(dhat.AsSpan(k));
                    var dx = (vv - xhat) * vRate;
                    d = d + (dx - d) * vAd;
                    var fc = vMin + vBeta * Vector.Abs(d);
                    var r = vTwoPi * fc / vRate;
                    var a = r / (r + one);
                    (xhat + (vv - xhat) * a).CopyTo(row[k..]);
                    d.CopyTo(dhat.AsSpan(k));
                }
            }
            for (; k < dims; k++)
            {
                var xhat = prev[k];
                var dx = (v[k] - xhat) * rate;
                var d = dhat[k] + (dx - dhat[k]) * ad;
                dhat[k] = d;
                var fc = minCutoff + beta * MathF.Abs(d);
                var r = TwoPi * fc / rate;
                var a = r / (r + 1f);
                row[k] = xhat + (v[k] - xhat) * a;
            }
        }
    }
}
