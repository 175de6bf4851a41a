using System.Runtime.CompilerServices;
using Expotion.Core;
using Expotion.Kernels.Cuda;
using Expotion.Smoothing.Core;

namespace Expotion.Smoothing.Tests;

/// <summary>Feature streams for the ticker's tests, the tickers (CPU reference, emulated CUDA) and a bit-for-bit comparison.</summary>
internal static class TickStreams
{
    private static readonly Lazy<(SmoothingTicker? Ticker, string Reason)> EmulatedTicker = new(() =>
        CudaDevice.TryOpenEmulator(EmulatorThreadOrder.Forward, out var device, out var reason)
            ? (SmoothingTicker.OnDevice(device), "")
            : (null, reason));

    private static readonly Lazy<SmoothingTicker> CpuTicker = new(() => SmoothingTicker.Cpu());

    public static readonly TheoryData<string> Backends = ["cpu", "emulated"];

    /// <summary>The process-wide ticker of a backend (they live as long as the test process, as a host's does).</summary>
    public static SmoothingTicker Ticker(string backend) => backend switch
    {
        "cpu" => CpuTicker.Value,
        "emulated" => EmulatedTicker.Value.Ticker ?? throw new InvalidOperationException($"the CUDA emulation did not open: {EmulatedTicker.Value.Reason}"),
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    /// <summary>count frames at fps from startUs, each timestamp late by up to jitterUs, seeded random values.</summary>
    public static FeatureSample[] Frames(int seed, int dims, double fps, int count, long startUs = 0, long jitterUs = 0, long gapAfter = -1, long gapUs = 0)
    {
        var rng = new Random(seed);
        var frames = new FeatureSample[count];
        for (var i = 0; i < count; i++)
        {
            var pts = startUs + (long)Math.Round(i * 1e6 / fps) + (jitterUs > 0 ? rng.NextInt64(0, jitterUs + 1) : 0) + (gapAfter >= 0 && i > gapAfter ? gapUs : 0);
            var values = new float[dims];
            for (var d = 0; d < dims; d++) values[d] = (float)(rng.NextDouble() * 4 - 2);
            frames[i] = new FeatureSample(pts, values);
        }
        return frames;
    }

    /// <summary>The frames as a stream, waiting delayMs before each (0: all at once, as fast as the reader takes them).</summary>
    public static async IAsyncEnumerable<FeatureSample> Paced(FeatureSample[] frames, int delayMs, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var f in frames)
        {
            if (delayMs > 0) await Task.Delay(delayMs, ct);
            else await Task.Yield();
            yield return f;
        }
    }

    /// <summary>The per-stream path: <see cref="TimelineAligner"/> on the CPU reference.</summary>
    public static async Task<List<ConditionVector>> PerStreamAsync(AlignSettings settings, FeatureSample[] frames, CancellationToken ct) =>
        await new TimelineAligner().AlignAsync(settings, frames.ToAsyncEnumerable(), new StreamStats(), ct).ToListAsync(ct);

    public static void BitEqual(IReadOnlyList<ConditionVector> expected, IReadOnlyList<ConditionVector> actual, string stream)
    {
        Assert.True(expected.Count == actual.Count, $"{stream}: {actual.Count} conditions, the per-stream path gives {expected.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Index, actual[i].Index);
            Assert.Equal(expected[i].PtsUs, actual[i].PtsUs);
            var e = expected[i].Values;
            var a = actual[i].Values;
            Assert.Equal(e.Length, a.Length);
            for (var d = 0; d < e.Length; d++)
                if (BitConverter.SingleToInt32Bits(e[d]) != BitConverter.SingleToInt32Bits(a[d]))
                    Assert.Fail($"{stream}: condition {expected[i].Index} value {d} is {a[d]:R}, the per-stream path gives {e[d]:R}");
        }
    }
}
