using Expotion.Adapters.Tests.Helpers;
using Expotion.Hosting;
using Expotion.V1;
using Expotion.Vision.Grpc;
using Google.Protobuf;
using Grpc.Core;

namespace Expotion.Adapters.Tests;

public sealed class VisionServices() : StageServices(StageRole.Vision, new Dictionary<string, string?> { ["Limits:MaxFramePixels"] = "10000" });

/// <summary><see cref="VisionGrpcService"/> called directly: what it writes for a stream, how it resumes one, and the status of bad input.</summary>
public sealed class VisionAdapterTests(VisionServices stage) : IClassFixture<VisionServices>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ExtractRequest Config(ExtractConfig? config = null) => new() { Config = config ?? new ExtractConfig() };

    private static ExtractRequest Frame(long ptsUs, int width = 64, int height = 48, HopTimes? timing = null)
    {
        var pixels = new byte[width * height];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)((i % width * 7 + i / width * 3 + ptsUs / 10_000) % 256);   // a texture that moves
        return new() { Frame = new VideoFrame { PtsUs = ptsUs, Width = width, Height = height, Format = PixelFormat.Gray8, Data = ByteString.CopyFrom(pixels), Timing = timing } };
    }

    private static readonly ExtractRequest End = new() { End = new End() };

    private static readonly long[] Times = [0, 33_333, 66_667, 100_000];

    private Task<CallResult<ExtractResponse>> ExtractAsync(params IEnumerable<ExtractRequest> requests)
    {
        var service = stage.Create<VisionGrpcService>();
        return AdapterCall.DuplexAsync<ExtractRequest, ExtractResponse>(stage.Services, "/expotion.v1.Vision/Extract", service.Extract, requests, Ct);
    }

    [Fact]
    public async Task Extract_LosslessStream_SchemaThenEachFeaturesFollowedByItsCheckpointThenSummary()
    {
        var responses = (await ExtractAsync([Config(), .. Times.Select(t => Frame(t)), End])).Succeeded;

        Assert.Equal([ExtractResponse.KindOneofCase.Schema, ExtractResponse.KindOneofCase.Checkpoint,
                .. Times.SelectMany(_ => new[] { ExtractResponse.KindOneofCase.Features, ExtractResponse.KindOneofCase.Checkpoint }),
                ExtractResponse.KindOneofCase.Summary],
            responses.Select(r => r.KindCase));
        var features = responses.Where(r => r.KindCase == ExtractResponse.KindOneofCase.Features).Select(r => r.Features).ToList();
        Assert.Equal(Times, features.Select(f => f.PtsUs));
        Assert.All(features, f => Assert.Equal(responses[0].Schema.Id, f.Schema));
        Assert.All(features, f => Assert.Equal(responses[0].Schema.Dims, f.Values.Count));
        // The first checkpoint acknowledges the config; each later one names the frame its features came from as the one to replay.
        var checkpoints = responses.Where(r => r.KindCase == ExtractResponse.KindOneofCase.Checkpoint).Select(r => r.Checkpoint).ToList();
        Assert.Equal([(0L, 0L), .. Times.Select((t, i) => (t + 1, (long)i))], checkpoints.Select(c => (c.PtsUs, c.ReplayFromIndex)));
        Assert.Single(checkpoints.Select(c => c.State).Distinct());
        Assert.Equal((4L, 4L, 0L), (responses[^1].Summary.FramesIn, responses[^1].Summary.FramesOut, responses[^1].Summary.FramesDropped));
    }

    [Fact]
    public async Task Extract_ResumedFromACheckpoint_ReplaysOneFrameAndSendsOnlyWhatFollowsIt()
    {
        var first = (await ExtractAsync([Config(), .. Times.Select(t => Frame(t)), End])).Succeeded;
        var token = first.Where(r => r.KindCase == ExtractResponse.KindOneofCase.Checkpoint).Select(r => r.Checkpoint).Single(c => c.PtsUs == 33_334);

        var resume = new ResumeFrom { State = token.State, FromPtsUs = token.PtsUs, ReplayFromIndex = token.ReplayFromIndex };
        var resumed = (await ExtractAsync([Config(new ExtractConfig { Resume = resume }), .. Times.Skip((int)token.ReplayFromIndex).Select(t => Frame(t)), End])).Succeeded;

        var expected = first.Where(r => r.KindCase == ExtractResponse.KindOneofCase.Features && r.Features.PtsUs >= token.PtsUs).Select(r => r.Features);
        Assert.Equal(expected, resumed.Where(r => r.KindCase == ExtractResponse.KindOneofCase.Features).Select(r => r.Features));
        Assert.Equal((33_334L, 1L), (resumed[1].Checkpoint.PtsUs, resumed[1].Checkpoint.ReplayFromIndex));
    }

    [Fact]
    public async Task Extract_StampedFrames_EachFeaturesCarryTheirFramesStampsWithVisionsOwn()
    {
        var stamped = Times.Select(t => Frame(t, timing: new HopTimes { SourcePtsUs = t, CaptureUs = t + 5 }));
        var responses = (await ExtractAsync([Config(), .. stamped, End])).Succeeded;

        var features = responses.Where(r => r.KindCase == ExtractResponse.KindOneofCase.Features).Select(r => r.Features).ToList();
        Assert.Equal(Times, features.Select(f => f.Timing.SourcePtsUs));
        Assert.All(features, f => Assert.Equal(f.PtsUs + 5, f.Timing.CaptureUs));
        Assert.All(features, f => Assert.True(f.Timing.VisionInUs > 0 && f.Timing.VisionOutUs >= f.Timing.VisionInUs, f.Timing.ToString()));
    }

    public static TheoryData<string, StatusCode, string> BadStreams => new()
    {
        { "no-config", StatusCode.InvalidArgument, "config" },
        { "negative-live-queue", StatusCode.InvalidArgument, "config.live_frame_queue" },
        { "live-resume", StatusCode.InvalidArgument, "config.resume" },
        { "foreign-resume", StatusCode.InvalidArgument, "config.resume.state" },
        { "second-config", StatusCode.InvalidArgument, "kind" },
        { "over-pixel-limit", StatusCode.ResourceExhausted, "Limits:MaxFramePixels" },
    };

    [Theory]
    [MemberData(nameof(BadStreams))]
    public async Task Extract_BadInput_StatusNamesTheProblem(string kind, StatusCode code, string named)
    {
        ExtractRequest[] requests = kind switch
        {
            "no-config" => [Frame(0)],
            "negative-live-queue" => [Config(new ExtractConfig { LiveFrameQueue = -1 })],
            "live-resume" => [Config(new ExtractConfig { LiveFrameQueue = 2, Resume = new ResumeFrom() })],
            "foreign-resume" => [Config(new ExtractConfig { Resume = new ResumeFrom { State = ByteString.CopyFromUtf8("not this stream"), FromPtsUs = 1 } })],
            "second-config" => [Config(), Frame(0), Config()],
            "over-pixel-limit" => [Config(), Frame(0, 200, 100)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var error = (await ExtractAsync(requests)).Failed;

        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: {error.Status}");
        Assert.Equal(code, error.StatusCode);
        if (code == StatusCode.InvalidArgument) Assert.Equal(named, AdapterCall.ViolatedField(error));
        else Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
    }
}
