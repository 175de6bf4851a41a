using Expotion.Adapters.Tests.Helpers;
using Expotion.Core;
using Expotion.Gateway.Grpc;
using Expotion.Hosting;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Expotion.Adapters.Tests;

/// <summary>A gateway's services, pointed at real stages on loopback (no warm-up, so that they start at once).</summary>
public sealed class GatewayServices() : StageServices(StageRole.Gateway)
{
    private static readonly Dictionary<string, string?> NoWarmup = new() { ["Warmup:Enabled"] = "false" };
    private EmbeddedStages? _stages;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:VisionUrl"] = _stages!.Endpoints.Vision.ToString(),
        ["Gateway:SmoothingUrl"] = _stages.Endpoints.Smoothing.ToString(),
        ["Gateway:MusicUrl"] = _stages.Endpoints.Music.ToString(),
        ["Gateway:WebUrl"] = "none",
    };

    public override async ValueTask InitializeAsync()
    {
        _stages = await EmbeddedStages.StartAsync(LogLevel.Warning, CancellationToken.None, NoWarmup);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_stages is not null) await _stages.DisposeAsync();
    }
}

/// <summary><see cref="PipelineGrpcService"/> called directly over real stages: one stream out, the caller's deadline handed on, bad input.</summary>
public sealed class PipelineAdapterTests(GatewayServices gateway) : IClassFixture<GatewayServices>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PerformRequest Config() => new()
    {
        Config = new PerformConfig { Smoothing = new AlignConfig { Mode = SmoothingMode.Causal }, Music = new GenerateConfig { Prompt = "funk with drums", Seed = 2, Channels = 1 } },
    };

    private static PerformRequest Frame(long ptsUs, int bytes = 64 * 48)
    {
        var pixels = new byte[bytes];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)((i % 64 * 5 + i / 64 * 3 + ptsUs / 5_000) % 256);
        return new() { Frame = new VideoFrame { PtsUs = ptsUs, Width = 64, Height = 48, Format = PixelFormat.Gray8, Data = ByteString.CopyFrom(pixels) } };
    }

    /// <summary>One second at 30 fps.</summary>
    private static IEnumerable<PerformRequest> Frames() => Enumerable.Range(0, 30).Select(i => Frame(i * 33_333L));

    private static readonly PerformRequest End = new() { End = new End() };

    private Task<CallResult<PerformResponse>> PerformAsync(IEnumerable<PerformRequest> requests, DateTime? deadline = null)
    {
        var service = gateway.Create<PipelineGrpcService>();
        return AdapterCall.DuplexAsync<PerformRequest, PerformResponse>(gateway.Services, "/expotion.v1.Pipeline/Perform", service.Perform, requests, Ct, deadline);
    }

    [Fact]
    public async Task Perform_Stream_ContiguousAudioFromZeroThenOneSummaryLast()
    {
        var responses = (await PerformAsync([Config(), .. Frames(), End])).Succeeded;

        var audio = responses.Where(r => r.KindCase == PerformResponse.KindOneofCase.Audio).Select(r => r.Audio).ToList();
        Assert.All(audio, (a, i) => Assert.Equal(i * ChunkLength.DefaultMs * 1000L, a.PtsUs));
        Assert.InRange(audio.Count, 9, 12);   // about one second, plus a release tail
        Assert.Contains(responses, r => r.KindCase == PerformResponse.KindOneofCase.Event && r.Event.KindCase == MusicEvent.KindOneofCase.Beat);
        Assert.Equal(PerformResponse.KindOneofCase.Summary, Assert.Single(responses, r => r.KindCase == PerformResponse.KindOneofCase.Summary).KindCase);
        Assert.Equal(PerformResponse.KindOneofCase.Summary, responses[^1].KindCase);
    }

    [Fact]
    public async Task Perform_CallerDeadlinePassed_StageCallsCarryItAndEndDeadlineExceeded()
    {
        var error = (await PerformAsync([Config(), .. Frames(), End], DateTime.UtcNow.AddSeconds(-1))).Failed;

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    public static TheoryData<string, string> BadStreams => new()
    {
        { "no-config", "config" },
        { "second-config", "config" },
        { "no-kind", "kind" },
    };

    [Theory]
    [MemberData(nameof(BadStreams))]
    public async Task Perform_BadInput_InvalidArgumentNamingTheField(string kind, string field)
    {
        PerformRequest[] requests = kind switch
        {
            "no-config" => [.. Frames().Take(1)],
            "second-config" => [Config(), .. Frames().Take(2), Config()],
            "no-kind" => [Config(), .. Frames().Take(2), new PerformRequest()],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var error = (await PerformAsync(requests)).Failed;

        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: {error.Status}");
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, AdapterCall.ViolatedField(error));
    }
}
