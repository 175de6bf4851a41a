using Expotion.Client.Media;
using Expotion.Composition;
using Expotion.Hosting;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Expotion.Scaling.Tests;

/// <summary>A vision and a music stage, each in its own Kestrel host on loopback, shared by the back-pressure tests.</summary>
public sealed class StagesFixture : IAsyncLifetime
{
    public StageServer Vision { get; private set; } = null!;
    public StageServer Music { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Vision = await StageServer.StartAsync(StageRole.Vision);
        Music = await StageServer.StartAsync(StageRole.Music);
    }

    public async ValueTask DisposeAsync()
    {
        await Vision.DisposeAsync();
        await Music.DisposeAsync();
    }
}

/// <summary>
/// A client that sends fast and does not read its responses: the stage holds bounded memory either way.
/// Vision live streams drop their oldest waiting frame and count it; lossless vision streams and music
/// streams hold the sender back (HTTP/2 flow control) and lose nothing.
/// </summary>
public sealed class BackPressureTests(StagesFixture stages) : IClassFixture<StagesFixture>
{
    private const int Width = 320, Height = 240, Frames = 450;      // 450 RGB24 frames = 104 MB sent
    private const long HeapBound = 48L << 20;                       // what the process may grow by while the sender is stalled
    private static readonly byte[][] Images = [.. Enumerable.Range(0, 4).Select(new SamplePerformer(Width, Height, 30, 1).Render)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ExtractRequest Frame(int i) => new()
    {
        Frame = new VideoFrame
        {
            PtsUs = i * 33_333L, Width = Width, Height = Height, Format = PixelFormat.Rgb24,
            Data = UnsafeByteOperations.UnsafeWrap(Images[i % Images.Length]),
        },
    };

    [Fact]
    public async Task Vision_LiveStream_SlowConsumer_DropsOldestFramesCountsThemAndKeepsMemoryBounded()
    {
        using var channel = ExpotionChannel.Create(stages.Vision.Address);
        using var call = new V1.Vision.VisionClient(channel).Extract(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new ExtractRequest { Config = new ExtractConfig { LiveFrameQueue = 2 } }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        Assert.Equal(ExtractResponse.KindOneofCase.Schema, call.ResponseStream.Current.KindCase);

        var heapBefore = SlowConsumer.Heap();
        var consumer = new SlowConsumer();
        var sender = consumer.SendAsync(Frames, i => call.RequestStream.WriteAsync(Frame(i), Ct));
        var finished = await consumer.WaitUntilStalledAsync(sender, TimeSpan.FromSeconds(20), Ct);
        var grown = SlowConsumer.Heap() - heapBefore;

        Assert.True(finished, $"a live stream must not hold its sender back (stalled after {consumer.Written} of {Frames} frames)");
        Assert.True(grown < HeapBound, $"the heap grew by {grown >> 20} MB while {Frames} frames ({(long)Frames * Width * Height * 3 >> 20} MB) were sent and none read");

        await call.RequestStream.WriteAsync(new ExtractRequest { End = new End() }, Ct);
        await call.RequestStream.CompleteAsync();
        var responses = await call.ResponseStream.ReadAllAsync(Ct).ToListAsync(Ct);
        var features = responses.Where(r => r.KindCase == ExtractResponse.KindOneofCase.Features).Select(r => r.Features.PtsUs).ToList();
        var summary = Assert.Single(responses, r => r.KindCase == ExtractResponse.KindOneofCase.Summary).Summary;

        Assert.True(summary.FramesDropped > 0, $"a consumer that reads nothing while {Frames} frames arrive must make the stage drop some");
        Assert.Equal(Frames, summary.FramesIn + summary.FramesDropped);
        Assert.Equal(summary.FramesOut, features.Count);
        Assert.Equal(summary.FramesIn, features.Count);
        Assert.Equal(features.Order(), features);                                      // timestamps kept, in order
        Assert.All(features, pts => Assert.Equal(0, pts % 33_333));                    // only the sender's own timestamps
        Assert.Equal(features.Count, features.Distinct().Count());
    }

    [Fact]
    public async Task Vision_LosslessStream_SlowConsumer_HoldsTheSenderBackAndLosesNoFrame()
    {
        using var channel = ExpotionChannel.Create(stages.Vision.Address);
        using var call = new V1.Vision.VisionClient(channel).Extract(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new ExtractRequest { Config = new ExtractConfig() }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));

        var heapBefore = SlowConsumer.Heap();
        var consumer = new SlowConsumer();
        var sender = consumer.SendAsync(Frames, i => call.RequestStream.WriteAsync(Frame(i), Ct));
        var finished = await consumer.WaitUntilStalledAsync(sender, TimeSpan.FromSeconds(2), Ct);
        var grown = SlowConsumer.Heap() - heapBefore;

        Assert.False(finished, "the stage must push back on a sender whose responses are not read");
        Assert.True(consumer.Written < Frames);
        Assert.True(grown < HeapBound, $"the heap grew by {grown >> 20} MB while the sender was held back after {consumer.Written} frames");

        // Now read: the sender goes on, and every frame comes back.
        var reading = call.ResponseStream.ReadAllAsync(Ct).ToListAsync(Ct).AsTask();
        await sender;
        await call.RequestStream.WriteAsync(new ExtractRequest { End = new End() }, Ct);
        await call.RequestStream.CompleteAsync();
        var responses = await reading;
        var summary = Assert.Single(responses, r => r.KindCase == ExtractResponse.KindOneofCase.Summary).Summary;
        Assert.Equal(Frames, responses.Count(r => r.KindCase == ExtractResponse.KindOneofCase.Features));
        Assert.Equal(0, summary.FramesDropped);
        Assert.Equal(Frames, summary.FramesIn);
    }

    [Fact]
    public async Task Music_SlowConsumer_HoldsTheSenderBackAndDropsNoAudio()
    {
        const int conditions = 2000, dims = 256;         // 40 s of 50 Hz conditions of 1 KB each (the buffers between hold ~800)
        using var channel = ExpotionChannel.Create(stages.Music.Address);
        using var call = new V1.Music.MusicClient(channel).Generate(cancellationToken: Ct);
        var schema = new FeatureSchema { Id = "load", Dims = dims, Names = { Enumerable.Range(0, dims).Select(i => i == 0 ? "motion_energy" : $"v{i}") }, MotionEnergyIndex = 0 };
        await call.RequestStream.WriteAsync(new GenerateRequest { Config = new GenerateConfig { Prompt = "funk with drums", Seed = 1, ChunkMs = 100, Schema = schema } }, Ct);

        var heapBefore = SlowConsumer.Heap();
        var consumer = new SlowConsumer();
        var sender = consumer.SendAsync(conditions, i => call.RequestStream.WriteAsync(new GenerateRequest
        {
            Condition = new ConditionFrame { Index = i, PtsUs = i * 20_000L, Values = { Enumerable.Range(0, dims).Select(d => (float)((i + d) % 50) / 50) } },
        }, Ct));
        var finished = await consumer.WaitUntilStalledAsync(sender, TimeSpan.FromSeconds(2), Ct);
        var grown = SlowConsumer.Heap() - heapBefore;

        Assert.False(finished, "the music stage must push back on a sender whose audio is not read");
        Assert.True(consumer.Written < conditions);
        Assert.True(grown < HeapBound, $"the heap grew by {grown >> 20} MB while the sender was held back after {consumer.Written} conditions");

        var reading = call.ResponseStream.ReadAllAsync(Ct).ToListAsync(Ct).AsTask();
        await sender;
        await call.RequestStream.WriteAsync(new GenerateRequest { End = new End() }, Ct);
        await call.RequestStream.CompleteAsync();
        var responses = await reading;
        var audio = responses.Where(r => r.KindCase == GenerateResponse.KindOneofCase.Audio).Select(r => r.Audio).ToList();
        var summary = Assert.Single(responses, r => r.KindCase == GenerateResponse.KindOneofCase.Summary).Summary;

        // Audio is never dropped: one gap-free, duplicate-free run of chunks covering every condition.
        long expectedPts = 0;
        foreach (var chunk in audio)
        {
            Assert.Equal(expectedPts, chunk.PtsUs);
            expectedPts += chunk.Frames * 1_000_000L / chunk.SampleRate;
        }
        Assert.True(expectedPts >= conditions * 20_000L, $"the audio ends at {expectedPts} us, before the last condition at {conditions * 20_000L} us");
        Assert.Equal(conditions, summary.FramesIn);
        Assert.Equal(0, summary.FramesDropped);
    }
}
