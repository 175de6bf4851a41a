using System.Diagnostics;
using Expotion.Kernels.Batching;
using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Benchmarks;

/// <summary>
/// The check a GPU machine runs (kernels/Expotion.Kernels.Check publishes it self-contained): parity of every
/// kernel against the CPU reference (bit-exact with --fmad=false, ≤ 1e-5 relative with NVRTC's defaults, and
/// against the CPU emulation when its library is beside the program), then the device-to-device copy
/// bandwidth, the kernels' achieved bandwidth from 1 to 4096 streams, the launch overhead and the batch size
/// where the GPU, transfers included, overtakes the CPU reference. The tests run it on the emulation with
/// <see cref="Options.Tiny"/> so that it cannot rot between GPU runs.
/// </summary>
public static partial class GpuCheck
{
    /// <param name="FlowSizes">Image sizes of the flow parity and timing rows (the first one is the parity size).</param>
    /// <param name="FrameStreams">Streams of the batched frame-op timing rows.</param>
    public sealed record Options(int[] Streams, int Frames = 500, int Dims = 256, int Iterations = 20, int MaxCrossoverStreams = 1024, bool Bandwidth = true,
        (int W, int H)[]? FlowSizes = null, int[]? FrameStreams = null)
    {
        public static Options Default { get; } = new([1, 4, 16, 64, 256, 1024, 4096], FlowSizes: [(160, 120), (320, 240), (640, 480)], FrameStreams: [1, 16, 64]);

        public static Options Tiny { get; } = new([1, 3], Frames: 24, Dims: 8, Iterations: 1, MaxCrossoverStreams: 3, FlowSizes: [(32, 24)], FrameStreams: [2]);
    }

    /// <summary>Parity of one operation on one device.</summary>
    public sealed record Parity(string Operation, string Device, string Mode, double MaxAbsError, double MaxRelativeError, bool Pass);

    /// <summary>Runs the check; returns false when a parity row fails.</summary>
    public static bool Run(CudaDevice device, TextWriter output, Options? options = null, CudaDevice? emulator = null)
    {
        options ??= Options.Default;
        output.WriteLine($"# Expotion kernels on {device.Description}");
        output.WriteLine($"NVRTC {(NvrtcCompiler.IsAvailable(out var why) ? NvrtcCompiler.Version : "absent: " + why)}; host {Environment.ProcessorCount} cores");
        output.WriteLine();
        var parity = CheckParity(device, emulator).Concat(CheckFlowParity(device, emulator, (options.FlowSizes ?? [(64, 48)])[0])).ToArray();
        output.WriteLine("## Parity against the CPU reference");
        output.WriteLine("| operation | device | float mode | max abs error | max error / max abs value | pass |");
        output.WriteLine("|---|---|---|---:|---:|---|");
        foreach (var p in parity)
            output.WriteLine($"| {p.Operation} | {p.Device} | {p.Mode} | {p.MaxAbsError:G3} | {p.MaxRelativeError:G3} | {(p.Pass ? "yes" : "**NO**")} |");
        output.WriteLine();
        if (options.Bandwidth)
        {
            Bandwidth(device, output, options);
            FlowTimings(device, output, options);
        }
        return parity.All(p => p.Pass);
    }

    public static IReadOnlyList<Parity> CheckParity(CudaDevice device, CudaDevice? emulator = null)
    {
        var rng = new Random(7);
        var shape = new BatchShape(5, 123, 77);
        var src = Random(rng, (int)shape.Length);
        var lengths = new[] { 123, 1, 0, 64, 100 };
        var coarse = new BatchShape(5, 13, 77);
        var coarseSrc = src.AsSpan(0, (int)coarse.Length).ToArray();
        var pts = new long[shape.Streams * shape.Frames];
        var counts = new[] { 123, 0, 1, 40, 77 };
        for (var s = 0; s < shape.Streams; s++)
        {
            long t = rng.Next(0, 30_000);
            for (var k = 0; k < shape.Frames; k++) pts[s * shape.Frames + k] = t += rng.Next(1, 60_000);
        }
        var starts = new long[] { -40_000, 0, 10_000, 20_000, 1_000_000 };
        var weights = Enumerable.Range(-40, 81).Select(j => (float)Math.Exp(-0.5 * j * j / 150.0)).ToArray();
        var alpha = new[] { 0.2f, 1f, 0.5f, 0.05f, 0.9f };
        var euro = new[] { new OneEuroParameters(50f, 1f, 0.1f), new OneEuroParameters(30f, 0.5f, 0f), new OneEuroParameters(50f, 2f, 1f, 2f),
                           new OneEuroParameters(50f, 1f, 0.01f), new OneEuroParameters(100f, 3f, 0.5f) };
        var state = Random(rng, shape.Streams * shape.Dims);
        var x = Random(rng, shape.Streams * shape.Dims);

        var ops = new (string Name, Func<IBatchResampler, IBatchSmoother, float[]> Run)[]
        {
            ("align_corners", (r, _) => { var d = new float[shape.Length]; r.AlignCorners(coarseSrc, coarse, d, shape.Frames); return d; }),
            ("grid", (r, _) => { var d = new float[shape.Streams * 150 * shape.Dims]; r.ResampleToGrid(src, pts, counts, shape, starts, 20_000, d, 150); return d; }),
            ("gaussian", (_, m) => { var d = new float[shape.Length]; m.Gaussian(src, lengths, shape, weights, d); return d; }),
            ("exponential", (_, m) => { var d = new float[shape.Length]; m.Exponential(src, lengths, shape, alpha, d); return d; }),
            ("exponential_step", (_, m) => { var d = (float[])state.Clone(); m.ExponentialStep(d, x, shape.Streams, shape.Dims, alpha); return d; }),
            ("one_euro", (_, m) => { var d = new float[shape.Length]; m.OneEuro(src, lengths, shape, euro, d); return d; }),
        };
        var expected = ops.Select(o => o.Run(CpuResampler.Instance, CpuSmoother.Instance)).ToArray();
        var rows = new List<Parity>();
        var targets = new List<(CudaDevice Device, KernelFloatMode Mode)> { (device, KernelFloatMode.Exact) };
        if (!device.IsEmulated) targets.Add((device, KernelFloatMode.Fast));
        if (emulator is not null) targets.Add((emulator, KernelFloatMode.Exact));
        foreach (var (d, mode) in targets)
        {
            using var resampler = new CudaResampler(d, mode);
            using var smoother = new CudaSmoother(d, mode);
            for (var i = 0; i < ops.Length; i++)
            {
                var actual = ops[i].Run(resampler, smoother);
                var (abs, rel) = Errors(expected[i], actual);
                var pass = mode == KernelFloatMode.Exact ? abs == 0 : rel <= 1e-5;
                rows.Add(new Parity(ops[i].Name, d.IsEmulated ? "emulation" : d.Name, mode == KernelFloatMode.Exact ? "exact (--fmad=false)" : "fast (FMA)", abs, rel, pass));
            }
        }
        return rows;
    }

    private static void Bandwidth(CudaDevice device, TextWriter output, Options o)
    {
        var maxStreams = o.Streams.Max();
        var maxLength = (long)maxStreams * o.Frames * o.Dims;
        using var stream = device.CreateStream();
        using var start = device.CreateEvent();
        using var end = device.CreateEvent();
        using var a = device.Allocate<float>(maxLength);
        using var b = device.Allocate<float>(maxLength);
        a.Fill(0x3f800000, stream);
        b.Fill(0, stream);

        var copyMs = Time(() => a.CopyToAsync(b, stream), o.Iterations, stream, start, end);
        var copyGbPerS = 2.0 * maxLength * sizeof(float) / (copyMs * 1e6);
        output.WriteLine("## Bandwidth");
        output.WriteLine($"Device-to-device copy of {maxLength * sizeof(float) / (1 << 20)} MiB: {copyMs:F3} ms, {copyGbPerS:F0} GB/s (read + write).");
        output.WriteLine();
        output.WriteLine($"Kernels on device-resident data ([streams × {o.Frames} × {o.Dims}] float32), mean of {o.Iterations} launches (CUDA events):");
        output.WriteLine();
        output.WriteLine("| operation | streams | ms | GB/s | of copy bandwidth |");
        output.WriteLine("|---|---:|---:|---:|---:|");

        using var resampler = new CudaResampler(device);
        using var smoother = new CudaSmoother(device);
        using var lengths = device.Allocate<int>(maxStreams);
        lengths.CopyFrom(Enumerable.Repeat(o.Frames, maxStreams).ToArray());
        using var alpha = device.Allocate<float>(maxStreams);
        alpha.CopyFrom(Enumerable.Repeat(0.28f, maxStreams).ToArray());
        var radius = 9;
        using var weights = device.Allocate<float>(2 * radius + 1);
        weights.CopyFrom(Enumerable.Range(-radius, 2 * radius + 1).Select(j => (float)Math.Exp(-0.5 * j * j / 9.0)).ToArray());
        foreach (var streams in o.Streams.Order())
        {
            var shape = new BatchShape(streams, o.Frames, o.Dims);
            var bytes = 2.0 * shape.Length * sizeof(float);
            var coarse = new BatchShape(streams, Math.Max(2, o.Frames / 10), o.Dims);
            var rows = new (string Name, double Bytes, Action Launch)[]
            {
                ($"gaussian ±{radius}", bytes, () => smoother.Gaussian(a, lengths, shape, weights, b, stream)),
                ("exponential", bytes, () => smoother.Exponential(a, lengths, shape, alpha, b, stream)),
                ("align_corners ×10", (coarse.Length + shape.Length) * 4.0, () => resampler.AlignCorners(a, coarse, b, o.Frames, stream)),
            };
            foreach (var (name, moved, launch) in rows)
            {
                var ms = Time(launch, o.Iterations, stream, start, end);
                var gb = moved / (ms * 1e6);
                output.WriteLine($"| {name} | {streams} | {ms:F3} | {gb:F0} | {gb / copyGbPerS:P0} |");
            }
        }
        output.WriteLine();

        // Launch overhead: one stream, host wall time per launch + synchronise, and the event time of the kernel alone.
        var one = new BatchShape(1, o.Frames, o.Dims);
        smoother.Exponential(a, lengths, one, alpha, b, stream);
        stream.Synchronize();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < o.Iterations; i++)
        {
            smoother.Exponential(a, lengths, one, alpha, b, stream);
            stream.Synchronize();
        }
        var wallUs = sw.Elapsed.TotalMilliseconds * 1000 / o.Iterations;
        var eventUs = 1000 * Time(() => smoother.Exponential(a, lengths, one, alpha, b, stream), o.Iterations, stream, start, end);
        output.WriteLine($"Launch overhead, 1 stream (exponential, [1 × {o.Frames} × {o.Dims}]): {wallUs:F1} µs launch + synchronise on the host, {eventUs:F1} µs between events.");
        output.WriteLine();

        // Crossover: the span API (pageable copies in and out included) against the CPU reference.
        output.WriteLine("Gaussian, GPU with transfers (span API) against the CPU reference:");
        output.WriteLine();
        output.WriteLine("| streams | GPU incl. transfers ms | CPU reference ms | faster |");
        output.WriteLine("|---:|---:|---:|---|");
        int? crossover = null;
        foreach (var streams in o.Streams.Where(s => s <= o.MaxCrossoverStreams).Order())
        {
            var shape = new BatchShape(streams, o.Frames, o.Dims);
            var src = Random(new Random(streams), (int)shape.Length);
            var dst = new float[shape.Length];
            var lens = Enumerable.Repeat(o.Frames, streams).ToArray();
            var w = Enumerable.Range(-radius, 2 * radius + 1).Select(j => (float)Math.Exp(-0.5 * j * j / 9.0)).ToArray();
            var gpuMs = Wall(() => smoother.Gaussian(src, lens, shape, w, dst), Math.Max(1, o.Iterations / 4));
            var cpuMs = Wall(() => CpuSmoother.Instance.Gaussian(src, lens, shape, w, dst), Math.Max(1, o.Iterations / 4));
            if (gpuMs < cpuMs) crossover ??= streams;
            output.WriteLine($"| {streams} | {gpuMs:F2} | {cpuMs:F2} | {(gpuMs < cpuMs ? "GPU" : "CPU")} |");
        }
        output.WriteLine();
        output.WriteLine(crossover is { } c ? $"Crossover: the GPU wins from {c} streams." : "Crossover: the CPU reference won at every size measured.");
    }

    private static double Time(Action launch, int iterations, CudaStream stream, CudaEvent start, CudaEvent end)
    {
        launch();                                                   // warm up (module load, first launch)
        stream.Synchronize();
        start.Record(stream);
        for (var i = 0; i < iterations; i++) launch();
        end.Record(stream);
        end.Synchronize();
        return CudaEvent.ElapsedMilliseconds(start, end) / iterations;
    }

    private static double Wall(Action action, int repeats)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    private static (double Abs, double Rel) Errors(float[] expected, float[] actual)
    {
        double maxAbs = 0, maxValue = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(e)) e = double.PositiveInfinity;
            maxAbs = Math.Max(maxAbs, e);
            maxValue = Math.Max(maxValue, Math.Abs((double)expected[i]));
        }
        return (maxAbs, maxValue > 0 ? maxAbs / maxValue : maxAbs);
    }

    private static float[] Random(Random rng, int n)
    {
        var a = new float[n];
        for (var i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 4 - 2);
        return a;
    }
}
