using Expotion.Hosting;
using Expotion.Client;
using Expotion.V1;
using Google.Protobuf;

namespace Expotion.Scaling.Tests;

/// <summary>
/// The gateway configured with two music replicas (<c>Gateway:MusicUrl</c> comma-separated, as
/// <c>expotion serve gateway --music a,b</c> writes it): its Pipeline.Perform streams use both.
/// </summary>
public sealed class GatewayReplicasTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_WithTwoMusicReplicas_SpreadsPerformStreamsOverBoth()
    {
        await using var vision = await StageServer.StartAsync(StageRole.Vision);
        await using var smoothing = await StageServer.StartAsync(StageRole.Smoothing);
        await using var music1 = await StageServer.StartAsync(StageRole.Music);
        await using var music2 = await StageServer.StartAsync(StageRole.Music);
        await using var gateway = await StageServer.StartAsync(StageRole.Gateway, new Dictionary<string, string?>
        {
            ["Gateway:VisionUrl"] = vision.Address.ToString(),
            ["Gateway:SmoothingUrl"] = smoothing.Address.ToString(),
            ["Gateway:MusicUrl"] = $"{music1.Address},{music2.Address}",
            ["Gateway:WebUrl"] = "none",
        });
        using var performer = new GatewayPerformer(gateway.Address);
        await performer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), Ct);

        const int streams = 6;
        for (var s = 0; s < streams; s++)
        {
            var responses = await performer.PerformAsync(new PerformConfig { Music = new GenerateConfig { Prompt = "piano", Seed = (ulong)s } }, Frames(15), Ct).ToListAsync(Ct);
            Assert.Contains(responses, r => r.KindCase == PerformResponse.KindOneofCase.Audio);
            Assert.Equal(PerformResponse.KindOneofCase.Summary, responses[^1].KindCase);
        }
        Assert.Equal(streams, music1.Streams + music2.Streams);
        Assert.True(music1.Streams > 0 && music2.Streams > 0, $"both music replicas take streams: {music1.Streams} and {music2.Streams}");
        Assert.Equal(streams, vision.Streams);
    }

    private static async IAsyncEnumerable<VideoFrame> Frames(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var data = new byte[64 * 48];
            for (var p = 0; p < data.Length; p++) data[p] = (byte)((p % 64 + i * 3) * 4);
            yield return new VideoFrame { PtsUs = i * 33_333L, Width = 64, Height = 48, Format = PixelFormat.Gray8, Data = ByteString.CopyFrom(data) };
            await Task.Yield();
        }
    }
}
