using Expotion.Composition;
using Expotion.Core;
using Expotion.Hosting;
using Expotion.Kernels.Cuda;
using Expotion.Smoothing.Core;
using Expotion.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmoothingMode = Expotion.V1.SmoothingMode;

namespace Expotion.EndToEnd.Tests;

/// <summary>
/// The smoothing service over real gRPC with <c>Smoothing:Batching=tick</c>, its ticker on the CPU reference and on the
/// emulated CUDA kernels (the driver-API launch path, exact mode): concurrent streams, one joining late, one cancelled
/// while stalled; every finished stream's conditions equal the per-stream CPU path's bit for bit.
/// </summary>
public sealed class SmoothingBatchingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("cpu")]
    [InlineData("emulated")]
    public async Task Align_TickBatching_ConcurrentJoiningAndCancelledStreams_EqualThePerStreamCpuPath_BitForBit(string backend)
    {
        using var ticker = backend == "cpu" ? SmoothingTicker.Cpu()
            : CudaDevice.TryOpenEmulator(EmulatorThreadOrder.Reverse, out var device, out var reason) ? SmoothingTicker.OnDevice(device)
            : throw new InvalidOperationException($"the CUDA emulation did not open: {reason}");
        var app = StageHost.Build(StageRole.Smoothing, "http://127.0.0.1:0", [], LogLevel.Warning,
            new Dictionary<string, string?> { ["Smoothing:Batching"] = "tick", ["Warmup:Enabled"] = "false" },
            b => b.Services.AddSingleton(ticker));
        await app.StartAsync(Ct);
        try
        {
            using var channel = ExpotionChannel.Create(new Uri(app.Urls.First()));
            var client = new V1.Smoothing.SmoothingClient(channel);
            var streams = new (SmoothingMode Mode, int Dims, double Fps, int Count, long StartUs)[]
            {
                (SmoothingMode.Causal, 12, 30, 90, 0), (SmoothingMode.Causal, 12, 25, 60, 9_000),
                (SmoothingMode.Centred, 12, 30, 75, 4_000), (SmoothingMode.Causal, 3, 60, 120, 0),
            };
            var frames = streams.Select((s, i) => Frames(i, s.Dims, s.Fps, s.Count, s.StartUs)).ToArray();
            var runs = streams.Select((s, i) => AlignAsync(client, s.Mode, s.Dims, frames[i], 1, Ct)).ToList();

            using var stall = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var stalled = AlignAsync(client, SmoothingMode.Centred, 12, Frames(9, 12, 30, 20, 0), 0, stall.Token, stallAtEnd: true);
            await Task.WhenAny(runs[0], Task.Delay(300, Ct));
            var late = Frames(10, 12, 30, 40, 700_000);
            var lateRun = AlignAsync(client, SmoothingMode.Causal, 12, late, 0, Ct);
            await stall.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => stalled);

            for (var i = 0; i < streams.Length; i++)
                BitEqual(await PerStreamAsync(streams[i].Mode, streams[i].Dims, frames[i]), await runs[i], $"stream {i}");
            BitEqual(await PerStreamAsync(SmoothingMode.Causal, 12, late), await lateRun, "late");
            Assert.Equal(6, ticker.Joined);                                  // all six went through the tick, none per stream
        }
        finally
        {
            await app.StopAsync(Ct);
            await app.DisposeAsync();
        }
    }

    private static FeatureFrame[] Frames(int seed, int dims, double fps, int count, long startUs)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var f = new FeatureFrame { PtsUs = startUs + (long)Math.Round(i * 1e6 / fps) + rng.NextInt64(0, 3000) };
            for (var d = 0; d < dims; d++) f.Values.Add((float)(rng.NextDouble() * 4 - 2));
            return f;
        }).ToArray();
    }

    private static AlignConfig Config(SmoothingMode mode, int dims) => new() { Schema = new FeatureSchema { Id = "batching-test", Dims = dims }, Mode = mode };

    private static async Task<List<ConditionFrame>> AlignAsync(V1.Smoothing.SmoothingClient client, SmoothingMode mode, int dims, FeatureFrame[] frames,
        int delayMs, CancellationToken ct, bool stallAtEnd = false)
    {
        using var call = client.Align(cancellationToken: ct);
        var read = Task.Run(async () =>
        {
            var got = new List<ConditionFrame>();
            await foreach (var r in call.ResponseStream.ReadAllAsync(ct))
                if (r.KindCase == AlignResponse.KindOneofCase.Condition) got.Add(r.Condition);
            return got;
        }, ct);
        await call.RequestStream.WriteAsync(new AlignRequest { Config = Config(mode, dims) }, ct);
        foreach (var f in frames)
        {
            await call.RequestStream.WriteAsync(new AlignRequest { Frame = f }, ct);
            if (delayMs > 0) await Task.Delay(delayMs, ct);
        }
        if (stallAtEnd) await Task.Delay(Timeout.Infinite, ct);
        await call.RequestStream.WriteAsync(new AlignRequest { End = new End() }, ct);
        return await read;
    }

    private static async Task<List<ConditionVector>> PerStreamAsync(SmoothingMode mode, int dims, FeatureFrame[] frames)
    {
        var settings = new AlignSettings(dims, mode == SmoothingMode.Centred ? Smoothing.Core.SmoothingMode.Centred : Smoothing.Core.SmoothingMode.Causal);
        var samples = frames.Select(f => new FeatureSample(f.PtsUs, [.. f.Values])).ToAsyncEnumerable();
        return await new TimelineAligner().AlignAsync(settings, samples, new StreamStats(), Ct).ToListAsync(Ct);
    }

    private static void BitEqual(List<ConditionVector> expected, List<ConditionFrame> actual, string stream)
    {
        Assert.True(expected.Count == actual.Count, $"{stream}: {actual.Count} conditions over gRPC, the per-stream path gives {expected.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Index, actual[i].Index);
            Assert.Equal(expected[i].PtsUs, actual[i].PtsUs);
            Assert.Equal(expected[i].Values.Select(BitConverter.SingleToInt32Bits), actual[i].Values.Select(BitConverter.SingleToInt32Bits));
        }
    }
}
