using System.Diagnostics;
using Expotion.Kernels.Batching;
using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Benchmarks;

/// <summary>
/// The CPU benchmark of the batched kernels (not a test): for each operation, the CPU reference
/// (<see cref="CpuResampler"/>, <see cref="CpuSmoother"/>: Vector&lt;float&gt;, parallel over streams) against a
/// naive scalar loop on the same data in the same run, and the reference's achieved memory bandwidth
/// (bytes read once + written once, per second) next to a plain parallel copy of the same bytes.
/// </summary>
public static class KernelBenchmark
{
    /// <summary>Sizes and repetitions; the defaults take about half a minute on two cores.</summary>
    public sealed record Options(int[] Streams, int Frames = 500, int Dims = 256, int Repeats = 5, int GaussianRadius = 9, int Seed = 1)
    {
        public static Options Default { get; } = new([16, 128]);

        /// <summary>A few milliseconds: for smoke tests.</summary>
        public static Options Tiny { get; } = new([2], Frames: 40, Dims: 16, Repeats: 1, GaussianRadius: 3);
    }

    /// <summary>One measured row.</summary>
    public sealed record Result(string Operation, BatchShape Shape, double ReferenceMs, double ScalarMs, double Bytes, double CopyGbPerS)
    {
        public double SpeedUp => ScalarMs / ReferenceMs;

        public double ReferenceGbPerS => Bytes / (ReferenceMs * 1e6);

        public double FractionOfCopy => ReferenceGbPerS / CopyGbPerS;
    }

    /// <summary>Runs the benchmark, writes a Markdown table to <paramref name="output"/> and returns the rows.</summary>
    public static IReadOnlyList<Result> Run(TextWriter output, Options? options = null)
    {
        options ??= Options.Default;
        output.WriteLine($"Kernel CPU benchmark: {Environment.ProcessorCount} cores, Vector<float> {System.Numerics.Vector<float>.Count} lanes " +
                         $"(hardware accelerated: {System.Numerics.Vector.IsHardwareAccelerated}), best of {options.Repeats}, {options.Frames} frames × {options.Dims} dims per stream");
        output.WriteLine();
        output.WriteLine("| operation | batch [streams × frames × dims] | reference ms | naive scalar ms | speed-up | reference GB/s | plain copy GB/s | of copy |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var results = new List<Result>();
        foreach (var streams in options.Streams)
        {
            foreach (var r in RunSize(options, new BatchShape(streams, options.Frames, options.Dims)))
            {
                results.Add(r);
                output.WriteLine($"| {r.Operation} | {r.Shape} | {r.ReferenceMs:F2} | {r.ScalarMs:F2} | {r.SpeedUp:F1}× | {r.ReferenceGbPerS:F2} | {r.CopyGbPerS:F2} | {r.FractionOfCopy:P0} |");
            }
        }
        return results;
    }

    private static IEnumerable<Result> RunSize(Options o, BatchShape shape)
    {
        var rng = new Random(o.Seed);
        var n = (int)shape.Length;
        var src = new float[n];
        for (var i = 0; i < n; i++) src[i] = (float)(rng.NextDouble() * 2 - 1);
        var dst = new float[n];
        var lengths = Enumerable.Repeat(shape.Frames, shape.Streams).ToArray();
        var copy = CopyGbPerS(src, dst, o.Repeats);
        var bytes = 2.0 * n * sizeof(float);

        // EXPOTION's 5 fps → 50 Hz alignment: frames/10 input frames per stream to frames outputs.
        var coarse = new BatchShape(shape.Streams, Math.Max(2, shape.Frames / 10), shape.Dims);
        var coarseSrc = src.AsSpan(0, (int)coarse.Length).ToArray();
        yield return Measure("align_corners (×10)", shape, o.Repeats, (coarse.Length + n) * 4.0, copy,
            () => CpuResampler.Instance.AlignCorners(coarseSrc, coarse, dst, shape.Frames),
            () => ScalarKernels.AlignCorners(coarseSrc, coarse, dst, shape.Frames));

        // 30 fps with jitter onto the 50 Hz grid.
        var inFrames = shape.Frames * 3 / 5;
        var irregular = new BatchShape(shape.Streams, inFrames, shape.Dims);
        var irregularSrc = src.AsSpan(0, (int)irregular.Length).ToArray();
        var pts = new long[shape.Streams * inFrames];
        for (var s = 0; s < shape.Streams; s++)
            for (var t = 0; t < inFrames; t++)
                pts[s * inFrames + t] = t * 33_333L + rng.Next(0, 5_000);
        var counts = Enumerable.Repeat(inFrames, shape.Streams).ToArray();
        var starts = new long[shape.Streams];
        yield return Measure("grid 30 fps → 50 Hz", shape, o.Repeats, (irregular.Length + n) * 4.0, copy,
            () => CpuResampler.Instance.ResampleToGrid(irregularSrc, pts, counts, irregular, starts, 20_000, dst, shape.Frames),
            () => ScalarKernels.ResampleToGrid(irregularSrc, pts, counts, irregular, starts, 20_000, dst, shape.Frames));

        var weights = Enumerable.Range(-o.GaussianRadius, 2 * o.GaussianRadius + 1)
            .Select(j => (float)Math.Exp(-0.5 * j * j / (o.GaussianRadius / 3.0 * (o.GaussianRadius / 3.0)))).ToArray();
        yield return Measure($"gaussian ±{o.GaussianRadius}", shape, o.Repeats, bytes, copy,
            () => CpuSmoother.Instance.Gaussian(src, lengths, shape, weights, dst),
            () => ScalarKernels.Gaussian(src, lengths, shape, weights, dst));

        var alpha = Enumerable.Repeat(0.28f, shape.Streams).ToArray();
        yield return Measure("exponential", shape, o.Repeats, bytes, copy,
            () => CpuSmoother.Instance.Exponential(src, lengths, shape, alpha, dst),
            () => ScalarKernels.Exponential(src, lengths, shape, alpha, dst));

        var euro = Enumerable.Repeat(new OneEuroParameters(50f, 1f, 0.05f), shape.Streams).ToArray();
        yield return Measure("one-euro", shape, o.Repeats, bytes, copy,
            () => CpuSmoother.Instance.OneEuro(src, lengths, shape, euro, dst),
            () => ScalarKernels.OneEuro(src, lengths, shape, euro, dst));
    }

    private static Result Measure(string name, BatchShape shape, int repeats, double bytes, double copy, Action reference, Action scalar)
    {
        var referenceMs = Best(reference, repeats);
        var scalarMs = Best(scalar, Math.Max(1, repeats / 2));
        return new Result(name, shape, referenceMs, scalarMs, bytes, copy);
    }

    private static double Best(Action action, int repeats)
    {
        action();                                           // warm up: JIT, page faults
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    /// <summary>A parallel memcpy of the same bytes (read once, written once), the machine's practical bound.</summary>
    private static double CopyGbPerS(float[] src, float[] dst, int repeats)
    {
        var chunks = Environment.ProcessorCount * 4;
        var per = (src.Length + chunks - 1) / chunks;
        var ms = Best(() => Parallel.For(0, chunks, c =>
        {
            var start = c * per;
            var count = Math.Min(per, src.Length - start);
            if (count > 0) src.AsSpan(start, count).CopyTo(dst.AsSpan(start, count));
        }), repeats);
        return 2.0 * src.Length * sizeof(float) / (ms * 1e6);
    }
}
