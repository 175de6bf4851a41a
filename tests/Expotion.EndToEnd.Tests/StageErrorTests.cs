using Expotion.Client;
using Expotion.Composition;
using Expotion.Core;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Expotion.EndToEnd.Tests;

/// <summary>Bad input to each stage over real gRPC: a clear InvalidArgument, and the service keeps serving.</summary>
[Collection(PipelineCollection.Name)]
public sealed class StageErrorTests(PipelineFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static VideoFrame Gray(long pts, int w = 64, int h = 48, int bytes = -1) => new()
    {
        PtsUs = pts, Width = w, Height = h, Format = PixelFormat.Gray8,
        Data = ByteString.CopyFrom(new byte[bytes < 0 ? w * h : bytes]),
    };

    private async Task<(List<ExtractResponse> Responses, RpcException? Error)> ExtractAsync(params ExtractRequest[] messages)
    {
        using var channel = ExpotionChannel.Create(fixture.Stages.Endpoints.Vision);
        using var call = new V1.Vision.VisionClient(channel).Extract(cancellationToken: Ct);
        var responses = new List<ExtractResponse>();
        try
        {
            foreach (var m in messages) await call.RequestStream.WriteAsync(m, Ct);
            await call.RequestStream.CompleteAsync();
            await foreach (var r in call.ResponseStream.ReadAllAsync(Ct)) responses.Add(r);
            return (responses, null);
        }
        catch (RpcException ex) { return (responses, ex); }
    }

    private static ExtractRequest Config => new() { Config = new ExtractConfig() };
    private static ExtractRequest Frame(VideoFrame f) => new() { Frame = f };

    [Fact]
    public async Task Extract_GoodStream_ReturnsSchemaThenOneFeatureFramePerFrameThenSummary()
    {
        var (responses, error) = await ExtractAsync(Config, Frame(Gray(0)), Frame(Gray(33_333)), Frame(Gray(66_667)), new ExtractRequest { End = new End() });
        Assert.Null(error);
        Assert.Equal(ExtractResponse.KindOneofCase.Schema, responses[0].KindCase);
        var features = responses.Where(r => r.KindCase == ExtractResponse.KindOneofCase.Features).ToList();
        Assert.Equal([0L, 33_333L, 66_667L], features.Select(f => f.Features.PtsUs));
        Assert.All(features, f => Assert.Equal(responses[0].Schema.Dims, f.Features.Values.Count));
        Assert.Equal(3, responses[^1].Summary.FramesIn);
    }

    public static TheoryData<string, string> BadVisionStreams => new()
    {
        { "wrong-size", "frame.data" },
        { "unknown-format", "frame.format" },
        { "backwards", "frame.pts_us" },
        { "no-config", "config" },
        { "empty", "config" },
        { "size-change", "frame" },
        { "bad-config", "analysis_width" },
    };

    [Theory]
    [MemberData(nameof(BadVisionStreams))]
    public async Task Extract_BadInput_InvalidArgumentNamingTheProblem_AndServiceKeepsServing(string kind, string field)
    {
        ExtractRequest[] messages = kind switch
        {
            "wrong-size" => [Config, Frame(Gray(0, bytes: 100))],
            "unknown-format" => [Config, Frame(new VideoFrame { PtsUs = 0, Width = 4, Height = 4, Format = (PixelFormat)42, Data = ByteString.CopyFrom(new byte[16]) })],
            "backwards" => [Config, Frame(Gray(40_000)), Frame(Gray(20_000))],
            "no-config" => [Frame(Gray(0))],
            "empty" => [],
            "size-change" => [Config, Frame(Gray(0)), Frame(Gray(40_000, 32, 24))],
            "bad-config" => [new ExtractRequest { Config = new ExtractConfig { AnalysisWidth = 5 } }],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var (_, error) = await ExtractAsync(messages);

        Assert.NotNull(error);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
        TestContext.Current.TestOutputHelper!.WriteLine($"{kind}: {error.Status.Detail}");

        var (after, stillOk) = await ExtractAsync(Config, Frame(Gray(0)), new ExtractRequest { End = new End() });
        Assert.Null(stillOk);
        Assert.Contains(after, r => r.KindCase == ExtractResponse.KindOneofCase.Features);
    }

    [Fact]
    public async Task Align_WrongDims_InvalidArgument()
    {
        using var channel = ExpotionChannel.Create(fixture.Stages.Endpoints.Smoothing);
        using var call = new V1.Smoothing.SmoothingClient(channel).Align(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new AlignRequest { Config = new AlignConfig { Schema = new FeatureSchema { Id = "x", Dims = 3 } } }, Ct);
        await call.RequestStream.WriteAsync(new AlignRequest { Frame = new FeatureFrame { PtsUs = 0, Values = { 1f, 2f } } }, Ct);
        await call.RequestStream.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => { await foreach (var _ in call.ResponseStream.ReadAllAsync(Ct)) { } });
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("frame.values", error.Status.Detail);
    }

    [Fact]
    public async Task Align_GoodStream_ReturnsConditionsOnThe50HzGrid()
    {
        using var channel = ExpotionChannel.Create(fixture.Stages.Endpoints.Smoothing);
        using var call = new V1.Smoothing.SmoothingClient(channel).Align(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new AlignRequest { Config = new AlignConfig { Schema = new FeatureSchema { Id = "x", Dims = 1 }, Mode = SmoothingMode.Causal } }, Ct);
        for (var i = 0; i <= 30; i++)
            await call.RequestStream.WriteAsync(new AlignRequest { Frame = new FeatureFrame { PtsUs = i * 33_333, Schema = "x", Values = { i } } }, Ct);
        await call.RequestStream.WriteAsync(new AlignRequest { End = new End() }, Ct);
        await call.RequestStream.CompleteAsync();
        var conditions = new List<ConditionFrame>();
        await foreach (var r in call.ResponseStream.ReadAllAsync(Ct))
            if (r.KindCase == AlignResponse.KindOneofCase.Condition) conditions.Add(r.Condition);
        Assert.Equal(50, conditions.Count);                                  // 0 .. 0.98 s at 20 ms
        Assert.All(conditions, c => Assert.Equal(TimeGrid.PtsOf(c.Index), c.PtsUs));
    }

    [Fact]
    public async Task Generate_GoodStream_ReturnsContiguousChunksCoveringTheConditionsAndEvents()
    {
        using var channel = ExpotionChannel.Create(fixture.Stages.Endpoints.Music);
        using var call = new V1.Music.MusicClient(channel).Generate(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new GenerateRequest
        {
            Config = new GenerateConfig { Prompt = "jazz", Seed = 2, ChunkMs = 50, Channels = 1, Schema = new FeatureSchema { Id = "x", Dims = 1, Names = { "motion_energy" }, MotionEnergyIndex = 0 } },
        }, Ct);
        for (var i = 0; i < 150; i++)                                          // 3 s at 50 Hz, a pulse every 0.5 s
            await call.RequestStream.WriteAsync(new GenerateRequest { Condition = new ConditionFrame { Index = i, PtsUs = TimeGrid.PtsOf(i), Values = { i % 25 < 5 ? 0.3f : 0.02f } } }, Ct);
        await call.RequestStream.WriteAsync(new GenerateRequest { End = new End() }, Ct);
        await call.RequestStream.CompleteAsync();
        var audio = new List<AudioChunk>();
        var events = new List<MusicEvent>();
        await foreach (var r in call.ResponseStream.ReadAllAsync(Ct))
        {
            if (r.KindCase == GenerateResponse.KindOneofCase.Audio) audio.Add(r.Audio);
            else if (r.KindCase == GenerateResponse.KindOneofCase.Event) events.Add(r.Event);
        }
        Assert.All(audio, (a, i) => Assert.Equal(i * 50_000L, a.PtsUs));
        Assert.All(audio, a => Assert.Equal(1600, a.Frames));                  // 50 ms at 32 kHz, mono
        Assert.InRange(audio.Count, 60, 61);                                   // 3 s, plus at most one release chunk
        Assert.Contains(events, e => e.KindCase == MusicEvent.KindOneofCase.Style);
        Assert.Contains(events, e => e.KindCase == MusicEvent.KindOneofCase.Beat);
    }

    [Theory]
    [InlineData(5, "", 0, "sample_rate")]
    [InlineData(0, "no-such-backend", 0, "backend")]
    [InlineData(0, "", -40, "loudness_target_lufs")]
    [InlineData(0, "", 3, "loudness_target_lufs")]
    public async Task Generate_BadConfig_InvalidArgument(int sampleRate, string backend, double loudness, string field)
    {
        using var channel = ExpotionChannel.Create(fixture.Stages.Endpoints.Music);
        using var call = new V1.Music.MusicClient(channel).Generate(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new GenerateRequest
        {
            Config = new GenerateConfig { SampleRate = sampleRate, Backend = backend, LoudnessTargetLufs = loudness, Schema = new FeatureSchema { Id = "x", Dims = 2, Names = { "motion_energy", "y" } } },
        }, Ct);
        await call.RequestStream.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => { await foreach (var _ in call.ResponseStream.ReadAllAsync(Ct)) { } });
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
    }

    [Fact]
    public async Task Perform_BadFrameThroughGateway_InvalidArgumentNamingTheStage()
    {
        using var gateway = new GatewayPerformer(fixture.Gateway);
        var frames = new[] { Gray(0), Gray(40_000, bytes: 7) }.ToAsyncEnumerable();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in gateway.PerformAsync(new PerformConfig(), frames, Ct)) { }
        });
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("vision:", error.Status.Detail);
    }
}
