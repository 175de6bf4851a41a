using Expotion.Composition;
using Expotion.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Expotion.Reliability.Tests;

/// <summary>
/// SIGTERM to `expotion serve music` with a stream open: health goes NOT_SERVING first, new streams get
/// Unavailable, the open stream finishes (or, past <c>Shutdown:DrainSeconds</c>, gets Unavailable), then the
/// process exits cleanly.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Shutdown_Sigterm_ReportsNotServingRefusesNewStreamsAndLetsTheOpenOneFinish()
    {
        await using var stage = await StageProcess.StartAsync("music", StageProcess.FreePort(),
            new Dictionary<string, string> { ["Shutdown__DrainSeconds"] = "60" });
        using var channel = ExpotionChannel.Create(stage.Address);
        var music = new V1.Music.MusicClient(channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = cts.Token;

        using var open = music.Generate(cancellationToken: ct);
        await open.RequestStream.WriteAsync(new GenerateRequest { Config = MusicTake.Config() }, ct);
        for (var i = 0; i < 100; i++) await open.RequestStream.WriteAsync(new GenerateRequest { Condition = MusicTake.Condition(i) }, ct);
        var recording = new TakeRecording();
        while (recording.ChunkPts.Count < 10 && await open.ResponseStream.MoveNext(ct)) recording.Add(open.ResponseStream.Current);
        Assert.Equal(10, recording.ChunkPts.Count);

        stage.Terminate();

        var status = await HealthAfterSigtermAsync(stage.Address, ct);
        using var fresh = ExpotionChannel.Create(stage.Address);
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var late = new V1.Music.MusicClient(fresh).Generate(cancellationToken: ct);
            await late.RequestStream.WriteAsync(new GenerateRequest { Config = MusicTake.Config() }, ct);
            await late.ResponseStream.MoveNext(ct);
        });
        Assert.False(stage.HasExited, "the stage exited with a stream still open");

        for (var i = 100; i < 200; i++) await open.RequestStream.WriteAsync(new GenerateRequest { Condition = MusicTake.Condition(i) }, ct);
        await open.RequestStream.WriteAsync(new GenerateRequest { End = new End() }, ct);
        await open.RequestStream.CompleteAsync();
        StreamSummary? summary = null;
        while (await open.ResponseStream.MoveNext(ct))
        {
            recording.Add(open.ResponseStream.Current);
            if (open.ResponseStream.Current.KindCase == GenerateResponse.KindOneofCase.Summary) summary = open.ResponseStream.Current.Summary;
        }
        var exit = await stage.WaitForExitAsync(Generous);

        output.WriteLine($"after SIGTERM: health {status}; a new stream got {refused.StatusCode} ({refused.Status.Detail}); " +
            $"the open stream finished with {recording.ChunkPts.Count} chunks ({summary?.FramesIn} conditions in); exit code {exit}");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, status);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.NotNull(summary);
        Assert.Equal(200, summary.FramesIn);
        Assert.Equal(Enumerable.Range(0, recording.ChunkPts.Count).Select(k => k * 100_000L), recording.ChunkPts);
        Assert.True(recording.ChunkPts.Count >= 40, $"only {recording.ChunkPts.Count} chunks for 4 s of conditions");
        Assert.Equal(0, exit);
        Assert.Contains("Drained 1 streams", stage.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_StreamOutlastingTheDrain_GetsUnavailableAndTheProcessStillExits()
    {
        await using var stage = await StageProcess.StartAsync("music", StageProcess.FreePort(),
            new Dictionary<string, string> { ["Shutdown__DrainSeconds"] = "2" });
        using var channel = ExpotionChannel.Create(stage.Address);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = cts.Token;
        using var open = new V1.Music.MusicClient(channel).Generate(cancellationToken: ct);
        await open.RequestStream.WriteAsync(new GenerateRequest { Config = MusicTake.Config() }, ct);
        for (var i = 0; i < 50; i++) await open.RequestStream.WriteAsync(new GenerateRequest { Condition = MusicTake.Condition(i) }, ct);
        var chunks = 0;
        while (chunks < 5 && await open.ResponseStream.MoveNext(ct))
            if (open.ResponseStream.Current.KindCase == GenerateResponse.KindOneofCase.Audio) chunks++;

        stage.Terminate();   // and never end the stream
        var cut = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await open.ResponseStream.MoveNext(ct)) { }
        });
        var exit = await stage.WaitForExitAsync(Generous);

        output.WriteLine($"the open stream got {cut.StatusCode} ({cut.Status.Detail}); exit code {exit}");
        Assert.Equal(StatusCode.Unavailable, cut.StatusCode);
        Assert.Contains("shut down before the stream ended", cut.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, exit);
    }

    /// <summary>Health on a new connection after SIGTERM: polls until it is no longer SERVING (the signal takes a moment to land).</summary>
    private static async Task<HealthCheckResponse.Types.ServingStatus> HealthAfterSigtermAsync(Uri address, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var health = new Health.HealthClient(channel);
        var end = DateTime.UtcNow + Generous;
        while (true)
        {
            var status = (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: ct)).Status;
            if (status != HealthCheckResponse.Types.ServingStatus.Serving || DateTime.UtcNow > end) return status;
            await Task.Delay(50, ct);
        }
    }
}
