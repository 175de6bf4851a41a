using System.Diagnostics;
using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Benchmarks;

/// <summary>
/// The CPU optical flow's time per frame pair at the vision stage's analysis size (not a test): a textured image and the
/// same texture moved by (2.5, −1.25) pixels, after a warm-up past tiered compilation, with the AVX2 warp and the scalar
/// one (same bits) side by side in one run.
/// </summary>
public static class FlowBenchmark
{
    public static void Run(TextWriter output, int width = 160, int height = 120, int runs = 200)
    {
        var (first, second) = (Texture(width, height, 0, 0), Texture(width, height, 2.5, -1.25));
        var avx2 = Measure(new CpuOpticalFlowSession(FlowOptions.Default, width, height, useAvx2: true), first, second, runs);
        var scalar = Measure(new CpuOpticalFlowSession(FlowOptions.Default, width, height, useAvx2: false), first, second, runs);
        var stream = MeasureStream(new CpuOpticalFlowSession(FlowOptions.Default, width, height, useAvx2: true), first, second, runs);
        output.WriteLine($"optical flow (CPU, one thread) {width}x{height}: {avx2:F2} ms per pair with the AVX2 warp" +
            $"{(System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "" : " (not supported here: scalar)")}, {scalar:F2} ms scalar; " +
            $"{stream:F2} ms per frame of a stream (Next: the previous frame's pyramid reused, AVX2); best of 3 × {runs} pairs");
    }

    private static double Measure(CpuOpticalFlowSession session, GrayImage first, GrayImage second, int runs)
    {
        using (session)
        {
            var field = new FlowField(first.Width, first.Height);
            for (var i = 0; i < 50; i++) session.Compute(first, second, field);
            var best = double.MaxValue;
            for (var round = 0; round < 3; round++)
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < runs; i++) session.Compute(first, second, field);
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds / runs);
            }
            return best;
        }
    }

    /// <summary>A stream's frames through <see cref="IOpticalFlowSession.Next"/>: the two images in turn, one pair per frame.</summary>
    private static double MeasureStream(CpuOpticalFlowSession session, GrayImage first, GrayImage second, int runs)
    {
        using (session)
        {
            var field = new FlowField(first.Width, first.Height);
            session.Next(first, field);
            for (var i = 0; i < 50; i++) session.Next(i % 2 == 0 ? second : first, field);
            var best = double.MaxValue;
            for (var round = 0; round < 3; round++)
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < runs; i++) session.Next(i % 2 == 0 ? second : first, field);
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds / runs);
            }
            return best;
        }
    }

    /// <summary>A smooth texture of several sinusoids, shifted by (dx, dy) pixels, in [0, 1].</summary>
    private static GrayImage Texture(int width, int height, double dx, double dy)
    {
        var pixels = new float[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                double u = x - dx, v = y - dy;
                pixels[y * width + x] = (float)(0.5 + 0.2 * Math.Sin(u * 0.31 + v * 0.17) + 0.15 * Math.Sin(u * 0.11 - v * 0.29) + 0.1 * Math.Cos(u * 0.05 * v * 0.02));
            }
        return new GrayImage(width, height, pixels);
    }
}
