using Expotion.Client;
using Expotion.Client.Media;
using Expotion.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Expotion.EndToEnd.Tests;

/// <summary>A prompt changed mid-performance at the gateway: one continuous timeline, the new style from the boundary.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PromptUpdateTests(PipelineFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Perform_PromptUpdates_SwitchAtAChunkBoundary_AudioStaysContiguous()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Gateway);
        using var call = new Pipeline.PipelineClient(channel).Perform(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new PerformRequest
        {
            Config = new PerformConfig { Music = new GenerateConfig { Prompt = "upbeat pop with drums", Seed = 5 } },
        }, Ct);

        var responses = new List<PerformResponse>();
        var reader = Task.Run(async () =>
        {
            await foreach (var r in call.ResponseStream.ReadAllAsync(Ct)) responses.Add(r);
        }, Ct);

        var info = await VideoFileSource.ProbeAsync(fixture.SampleVideo, Ct);
        long lastPts = 0;
        await foreach (var frame in VideoFileSource.ReadAsync(info, 15, 160, Ct))
        {
            if (frame.PtsUs > 5_000_000) break;
            await call.RequestStream.WriteAsync(new PerformRequest { Frame = frame }, Ct);
            lastPts = frame.PtsUs;
            if (frame.PtsUs >= 3_000_000 && frame.PtsUs < 3_070_000)
            {
                // Two updates before the boundary: the first one's segment is abandoned, the second one plays.
                await call.RequestStream.WriteAsync(new PerformRequest { Update = new PerformUpdate { Prompt = "swing jazz with sax" } }, Ct);
                await call.RequestStream.WriteAsync(new PerformRequest { Update = new PerformUpdate { Prompt = "calm ambient pads" } }, Ct);
            }
        }
        await call.RequestStream.WriteAsync(new PerformRequest { End = new End() }, Ct);
        await call.RequestStream.CompleteAsync();
        await reader;

        var audio = responses.Where(r => r.KindCase == PerformResponse.KindOneofCase.Audio).Select(r => r.Audio).ToList();
        Assert.NotEmpty(audio);
        long expected = 0;
        foreach (var chunk in audio)
        {
            Assert.Equal(expected, chunk.PtsUs);          // no gap, no overlap, no duplicate across the switch
            expected += chunk.Frames * 1_000_000L / chunk.SampleRate;
        }
        Assert.InRange(expected, lastPts, lastPts + 300_000);

        var styles = responses.Where(r => r.Event?.KindCase == MusicEvent.KindOneofCase.Style).Select(r => (r.Event.PtsUs, r.Event.Style.Name)).ToList();
        Assert.Equal("pop", styles[0].Name);
        Assert.Equal(0, styles[0].PtsUs);
        var boundary = Assert.Single(styles, s => s.Name == "ambient").PtsUs;
        Assert.InRange(boundary, 3_000_000, 3_200_000);
        Assert.Equal(0, boundary % 100_000);             // a 100 ms chunk boundary
        Assert.DoesNotContain(styles, s => s.Name == "jazz");
        Assert.All(styles.Where(s => s.Name == "pop"), s => Assert.True(s.PtsUs < boundary));
        Assert.Single(responses, r => r.KindCase == PerformResponse.KindOneofCase.Summary);
    }
}
