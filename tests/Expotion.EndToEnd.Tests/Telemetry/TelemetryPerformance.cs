using Expotion.Client.Media;
using Expotion.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Expotion.EndToEnd.Tests.Telemetry;

/// <summary>One short performance through a gateway, as the live page sends it: stamped frames, a playback report, the end.</summary>
internal static class TelemetryPerformance
{
    /// <returns>The audio chunks received.</returns>
    public static async Task<int> RunAsync(Uri gateway, string video, string prompt, Metadata? headers, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(gateway);
        using var call = new Pipeline.PipelineClient(channel).Perform(headers, cancellationToken: ct);
        await call.RequestStream.WriteAsync(new PerformRequest
        {
            Config = new PerformConfig { Smoothing = new AlignConfig { Mode = SmoothingMode.Causal }, Music = new GenerateConfig { Prompt = prompt, ChunkMs = 100 } },
        }, ct);
        var chunks = 0;
        var reader = Task.Run(async () =>
        {
            await foreach (var r in call.ResponseStream.ReadAllAsync(ct))
                if (r.KindCase == PerformResponse.KindOneofCase.Audio) chunks++;
        }, ct);
        var info = await VideoFileSource.ProbeAsync(video, ct);
        await foreach (var frame in VideoFileSource.ReadAsync(info, 15, 160, ct))
        {
            if (frame.PtsUs > 2_000_000) break;
            frame.Timing = new HopTimes { SourcePtsUs = frame.PtsUs, CaptureUs = HopLedger.NowUs(), SendUs = HopLedger.NowUs() };
            await call.RequestStream.WriteAsync(new PerformRequest { Frame = frame }, ct);
        }
        await call.RequestStream.WriteAsync(new PerformRequest
        {
            Report = new ClientReport { Underruns = 2, Skips = 1, CaptureToHeardP50Ms = 180, CaptureToHeardP99Ms = 240, FramesSent = 30 },
        }, ct);
        await call.RequestStream.WriteAsync(new PerformRequest { End = new End() }, ct);
        await call.RequestStream.CompleteAsync();
        await reader;
        return chunks;
    }
}
