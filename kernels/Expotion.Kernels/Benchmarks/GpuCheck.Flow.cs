using System.Diagnostics;
using Expotion.Kernels.Cuda;
using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Benchmarks;

public static partial class GpuCheck
{
    /// <summary>
    /// Parity of kernels/flow.cu (a whole flow with the default options) and kernels/frame_ops.cu (gray downscale, grid
    /// pooling) against the CPU reference: bit-exact with --fmad=false; with FMA within 1e-3 px for the flow (an iterative
    /// solve) and 2e-2 for the pooling (a contracted atan2 can move a pixel across an orientation-bin edge).
    /// </summary>
    public static IReadOnlyList<Parity> CheckFlowParity(CudaDevice device, CudaDevice? emulator, (int W, int H) size)
    {
        var (w, h) = size;
        var first = Texture(w, h, 0f, 0f);
        var second = Texture(w, h, 1.3f, -0.7f);
        var expectedFlow = CpuOpticalFlow.Instance.Compute(first, second);

        var rng = new Random(11);
        const int streams = 3;
        int sw = 2 * w + 3, sh = 2 * h + 1;
        var frames = new byte[streams * sw * sh * 3];
        rng.NextBytes(frames);
        var expectedGray = new float[streams * w * h];
        CpuFrameOps.Instance.GrayDownscale(frames, streams, (long)sw * sh * 3, sw, sh, sw * 3, PixelLayout.Rgb24, w, h, expectedGray);
        var pooler = new GridPooler(4, 4, 8);
        var dx = Random(rng, streams * w * h);
        var dy = Random(rng, streams * w * h);
        float[] scales = [1f, 0.5f, 0.01f];
        var expectedPool = new float[streams * pooler.Length];
        var expectedSummaries = new FlowSummary[streams];
        CpuFrameOps.Instance.PoolGrid(dx, dy, streams, w, h, pooler, scales, expectedPool, expectedSummaries);

        var rows = new List<Parity>();
        var targets = new List<(CudaDevice Device, KernelFloatMode Mode)> { (device, KernelFloatMode.Exact) };
        if (!device.IsEmulated) targets.Add((device, KernelFloatMode.Fast));
        if (emulator is not null) targets.Add((emulator, KernelFloatMode.Exact));
        foreach (var (d, mode) in targets)
        {
            var exact = mode == KernelFloatMode.Exact;
            var name = d.IsEmulated ? "emulation" : d.Name;
            var modeName = exact ? "exact (--fmad=false)" : "fast (FMA)";
            using var flow = new CudaOpticalFlow(d, FlowOptions.Default, mode);
            using (var session = flow.CreateSession(w, h))
            {
                var actual = new FlowField(w, h);
                session.Compute(first, second, actual);
                var (abs, rel) = Errors([.. expectedFlow.Dx, .. expectedFlow.Dy], [.. actual.Dx, .. actual.Dy]);
                rows.Add(new Parity($"optical flow {w}x{h}", name, modeName, abs, rel, exact ? abs == 0 : abs <= 1e-3));
            }
            using var ops = new CudaFrameOps(d, mode);
            var gray = new float[expectedGray.Length];
            ops.GrayDownscale(frames, streams, (long)sw * sh * 3, sw, sh, sw * 3, PixelLayout.Rgb24, w, h, gray);
            var (gAbs, gRel) = Errors(expectedGray, gray);
            rows.Add(new Parity($"gray_downscale RGB {sw}x{sh} → {w}x{h}", name, modeName, gAbs, gRel, exact ? gAbs == 0 : gRel <= 1e-5));
            var pooled = new float[expectedPool.Length];
            var summaries = new FlowSummary[streams];
            ops.PoolGrid(dx, dy, streams, w, h, pooler, scales, pooled, summaries);
            var (pAbs, pRel) = Errors([.. expectedPool, .. Flatten(expectedSummaries)], [.. pooled, .. Flatten(summaries)]);
            rows.Add(new Parity("pool_grid 4x4, 8 bins", name, modeName, pAbs, pRel, exact ? pAbs == 0 : pRel <= 2e-2));
        }
        return rows;
    }

    /// <summary>Flow per frame pair and the batched frame ops: GPU (span API, transfers included) against the CPU reference.</summary>
    private static void FlowTimings(CudaDevice device, TextWriter output, Options o)
    {
        var repeats = Math.Max(2, o.Iterations / 2);
        output.WriteLine("## Optical flow and frame ops");
        output.WriteLine($"Default flow options ({FlowOptions.Default}); wall time per call, best of {repeats}, uploads and downloads included; CPU reference on one thread (a session is one stream).");
        output.WriteLine();
        output.WriteLine("| operation | size | GPU ms | CPU reference ms | GPU speed-up |");
        output.WriteLine("|---|---|---:|---:|---:|");
        using var flow = new CudaOpticalFlow(device);
        foreach (var (w, h) in o.FlowSizes ?? [])
        {
            var a = Texture(w, h, 0f, 0f);
            var b = Texture(w, h, 1.3f, -0.7f);
            var field = new FlowField(w, h);
            using var gpu = flow.CreateSession(w, h);
            using var cpu = CpuOpticalFlow.Instance.CreateSession(w, h);
            var gpuMs = Wall(() => gpu.Compute(a, b, field), repeats);
            var cpuMs = Wall(() => cpu.Compute(a, b, field), repeats);
            output.WriteLine($"| optical flow | {w}x{h} | {gpuMs:F3} | {cpuMs:F3} | {cpuMs / gpuMs:F1}× |");
        }
        using var ops = new CudaFrameOps(device);
        var pooler = new GridPooler(4, 4, 8);
        foreach (var streams in o.FrameStreams ?? [])
        {
            var (w, h) = (o.FlowSizes ?? [(160, 120)])[0];
            int sw = 4 * w, sh = 4 * h;
            var frames = new byte[(long)streams * sw * sh * 3];
            new Random(streams).NextBytes(frames);
            var gray = new float[streams * w * h];
            var gpuMs = Wall(() => ops.GrayDownscale(frames, streams, (long)sw * sh * 3, sw, sh, sw * 3, PixelLayout.Rgb24, w, h, gray), repeats);
            var cpuMs = Wall(() => CpuFrameOps.Instance.GrayDownscale(frames, streams, (long)sw * sh * 3, sw, sh, sw * 3, PixelLayout.Rgb24, w, h, gray), repeats);
            output.WriteLine($"| gray_downscale RGB {sw}x{sh} → {w}x{h} | {streams} streams | {gpuMs:F3} | {cpuMs:F3} | {cpuMs / gpuMs:F1}× |");
            var dx = Random(new Random(1), streams * w * h);
            var dy = Random(new Random(2), streams * w * h);
            var scales = Enumerable.Repeat(1f, streams).ToArray();
            var pooled = new float[streams * pooler.Length];
            var summaries = new FlowSummary[streams];
            gpuMs = Wall(() => ops.PoolGrid(dx, dy, streams, w, h, pooler, scales, pooled, summaries), repeats);
            cpuMs = Wall(() => CpuFrameOps.Instance.PoolGrid(dx, dy, streams, w, h, pooler, scales, pooled, summaries), repeats);
            output.WriteLine($"| pool_grid 4x4, 8 bins, {w}x{h} | {streams} streams | {gpuMs:F3} | {cpuMs:F3} | {cpuMs / gpuMs:F1}× |");
        }
        output.WriteLine();
    }

    /// <summary>CPU reference flow per pair at the given sizes (default options, one thread), for the CPU benchmark.</summary>
    public static IReadOnlyList<(int W, int H, double Ms)> CpuFlowTimings(IEnumerable<(int W, int H)> sizes, int repeats = 5)
    {
        var result = new List<(int, int, double)>();
        var all = sizes.ToArray();
        foreach (var (w, h) in all.Take(1))          // warm up: tiered JIT and Dynamic PGO settle before timing
            using (var warm = CpuOpticalFlow.Instance.CreateSession(w, h))
                for (var i = 0; i < 30; i++) warm.Compute(Texture(w, h, 0f, 0f), Texture(w, h, 1f, 0f), new FlowField(w, h));
        foreach (var (w, h) in all)
        {
            var a = Texture(w, h, 0f, 0f);
            var b = Texture(w, h, 1.3f, -0.7f);
            var field = new FlowField(w, h);
            using var cpu = CpuOpticalFlow.Instance.CreateSession(w, h);
            result.Add((w, h, Wall(() => cpu.Compute(a, b, field), repeats)));
        }
        return result;
    }

    private static float[] Flatten(FlowSummary[] s) => s.SelectMany(m => new[] { m.MeanDx, m.MeanDy, m.MeanMagnitude }).ToArray();

    /// <summary>A smooth texture, shifted by a sub-pixel amount (rendered analytically).</summary>
    private static GrayImage Texture(int w, int h, float shiftX, float shiftY)
    {
        var image = new GrayImage(w, h);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                double u = x - shiftX, v = y - shiftY;
                image[x, y] = (float)(0.5 + 0.15 * Math.Sin(0.37 * u + 0.21 * v) + 0.1 * Math.Sin(0.13 * u - 0.41 * v + 1)
                    + 0.08 * Math.Cos(0.05 * u * v / Math.Max(w, h) + 0.7 * u));
            }
        return image;
    }
}
