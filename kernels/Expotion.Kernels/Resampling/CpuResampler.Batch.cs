using Expotion.Kernels.Batching;

namespace Expotion.Kernels.Resampling;

public sealed partial class CpuResampler
{
    public unsafe void AlignCorners(ReadOnlySpan<float> src, BatchShape shape, Span<float> dst, int targetFrames)
    {
        shape.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetFrames);
        BatchChecks.Buffer(src.Length, shape.Length, nameof(src));
        BatchChecks.Buffer(dst.Length, (long)shape.Streams * targetFrames * shape.Dims, nameof(dst));
        var inStride = shape.StreamLength;
        var outStride = targetFrames * shape.Dims;
        fixed (float* ps = src, pd = dst)
        {
            nint s0 = (nint)ps, d0 = (nint)pd;
            StreamParallel.For(shape.Streams, (long)shape.Streams * outStride, s =>
                AlignCorners(new ReadOnlySpan<float>((float*)s0 + (long)s * inStride, inStride), shape.Frames, shape.Dims,
                    new Span<float>((float*)d0 + (long)s * outStride, outStride), targetFrames));
        }
    }

    public unsafe void ResampleToGrid(ReadOnlySpan<float> src, ReadOnlySpan<long> ptsUs, ReadOnlySpan<int> counts, BatchShape shape,
        ReadOnlySpan<long> gridStartUs, long periodUs, Span<float> dst, int gridFrames)
    {
        shape.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gridFrames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodUs);
        BatchChecks.Buffer(src.Length, shape.Length, nameof(src));
        BatchChecks.Timestamps(ptsUs, counts, shape);
        BatchChecks.PerStream(gridStartUs.Length, shape.Streams, nameof(gridStartUs));
        BatchChecks.Buffer(dst.Length, (long)shape.Streams * gridFrames * shape.Dims, nameof(dst));
        var dims = shape.Dims;
        var inStride = shape.StreamLength;
        var outStride = gridFrames * dims;
        fixed (float* ps = src, pd = dst)
        fixed (long* pp = ptsUs, pg = gridStartUs)
        fixed (int* pc = counts)
        {
            nint s0 = (nint)ps, d0 = (nint)pd, p0 = (nint)pp, g0 = (nint)pg, c0 = (nint)pc;
            var frames = shape.Frames;
            StreamParallel.For(shape.Streams, (long)shape.Streams * outStride, s =>
            {
                var x = new ReadOnlySpan<float>((float*)s0 + (long)s * inStride, inStride);
                var pts = new ReadOnlySpan<long>((long*)p0 + (long)s * frames, frames);
                var y = new Span<float>((float*)d0 + (long)s * outStride, outStride);
                var n = ((int*)c0)[s];
                var start = ((long*)g0)[s];
                for (var j = 0; j < gridFrames; j++)
                {
                    var row = y.Slice(j * dims, dims);
                    if (n == 0)
                    {
                        row.Clear();
                        continue;
                    }
                    var t = start + j * periodUs;
                    int lo = 0, hi = n;                              // first k with pts[k] ≥ t
                    while (lo < hi)
                    {
                        var mid = (lo + hi) >> 1;
                        if (pts[mid] < t) lo = mid + 1; else hi = mid;
                    }
                    if (lo == 0 || lo == n)
                    {
                        x.Slice((lo == 0 ? 0 : n - 1) * dims, dims).CopyTo(row);
                        continue;
                    }
                    var w = (float)((double)(t - pts[lo - 1]) / (double)(pts[lo] - pts[lo - 1]));
                    Lerp(x.Slice((lo - 1) * dims, dims), x.Slice(lo * dims, dims), w, row);
                }
            });
        }
    }
}
