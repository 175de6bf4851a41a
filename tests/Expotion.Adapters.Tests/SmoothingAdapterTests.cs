using Expotion.Adapters.Tests.Helpers;
using Expotion.Core;
using Expotion.Hosting;
using Expotion.Smoothing.Grpc;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Expotion.Adapters.Tests;

public sealed class SmoothingServices() : StageServices(StageRole.Smoothing);

/// <summary><see cref="SmoothingGrpcService"/> called directly: conditions on the grid, checkpoints every second, resume by replay from frame 0, bad input.</summary>
public sealed class SmoothingAdapterTests(SmoothingServices stage) : IClassFixture<SmoothingServices>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly FeatureSchema Schema = new() { Id = "test", Dims = 1, Names = { "motion_energy" } };

    private static AlignRequest Config(ResumeFrom? resume = null) =>
        new() { Config = new AlignConfig { Schema = Schema, Mode = SmoothingMode.Causal, Resume = resume } };

    /// <summary>Frames at 30 fps for 2.5 s, a value rising with time.</summary>
    private static IEnumerable<AlignRequest> Frames() =>
        Enumerable.Range(0, 76).Select(i => new AlignRequest { Frame = new FeatureFrame { PtsUs = i * 33_333L, Schema = Schema.Id, Values = { i * 0.01f } } });

    private static readonly AlignRequest End = new() { End = new End() };

    private Task<CallResult<AlignResponse>> AlignAsync(params IEnumerable<AlignRequest> requests)
    {
        var service = stage.Create<SmoothingGrpcService>();
        return AdapterCall.DuplexAsync<AlignRequest, AlignResponse>(stage.Services, "/expotion.v1.Smoothing/Align", service.Align, requests, Ct);
    }

    [Fact]
    public async Task Align_Stream_AcknowledgesThenConditionsOnTheGridWithACheckpointEverySecond()
    {
        var responses = (await AlignAsync([Config(), .. Frames(), End])).Succeeded;

        Assert.Equal(AlignResponse.KindOneofCase.Checkpoint, responses[0].KindCase);
        Assert.Equal((0L, 0L), (responses[0].Checkpoint.PtsUs, responses[0].Checkpoint.ReplayFromIndex));
        var conditions = responses.Where(r => r.KindCase == AlignResponse.KindOneofCase.Condition).Select(r => r.Condition).ToList();
        Assert.Equal(Enumerable.Range(0, conditions.Count).Select(i => TimeGrid.PtsOf(i)), conditions.Select(c => c.PtsUs));
        Assert.InRange(conditions.Count, 120, 126);   // 2.5 s of frames at 50 Hz
        // Later checkpoints: right after the condition that ends a second, always replaying from frame 0.
        var checkpoints = responses.Select((r, i) => (r, i)).Where(x => x.r.KindCase == AlignResponse.KindOneofCase.Checkpoint).Skip(1).ToList();
        Assert.Equal([1_000_001L, 2_000_001L], checkpoints.Select(c => c.r.Checkpoint.PtsUs));
        Assert.All(checkpoints, c => Assert.Equal(c.r.Checkpoint.PtsUs - 1, responses[c.i - 1].Condition.PtsUs));
        Assert.All(checkpoints, c => Assert.Equal(0, c.r.Checkpoint.ReplayFromIndex));
        Assert.Equal(76, responses[^1].Summary.FramesIn);
    }

    [Fact]
    public async Task Align_ResumedFromACheckpoint_SendsTheSameConditionsFromTheResumeTimeOnly()
    {
        var first = (await AlignAsync([Config(), .. Frames(), End])).Succeeded;
        var token = first.Where(r => r.KindCase == AlignResponse.KindOneofCase.Checkpoint).Select(r => r.Checkpoint).Single(c => c.PtsUs == 1_000_001);

        var resumed = (await AlignAsync([Config(new ResumeFrom { State = token.State, FromPtsUs = token.PtsUs }), .. Frames(), End])).Succeeded;

        var expected = first.Where(r => r.KindCase == AlignResponse.KindOneofCase.Condition && r.Condition.PtsUs >= token.PtsUs).Select(r => r.Condition).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, resumed.Where(r => r.KindCase == AlignResponse.KindOneofCase.Condition).Select(r => r.Condition));
    }

    public static TheoryData<string, string> BadStreams => new()
    {
        { "no-config", "config" },
        { "wrong-length", "frame.values" },
        { "resume-not-from-0", "config.resume.replay_from_index" },
        { "foreign-resume", "config.resume.state" },
        { "no-kind", "kind" },
    };

    [Theory]
    [MemberData(nameof(BadStreams))]
    public async Task Align_BadInput_InvalidArgumentNamingTheField(string kind, string field)
    {
        var state = (await AlignAsync(Config(), End)).Succeeded[0].Checkpoint.State;
        AlignRequest[] requests = kind switch
        {
            "no-config" => [End],
            "wrong-length" => [Config(), new AlignRequest { Frame = new FeatureFrame { PtsUs = 0, Schema = Schema.Id, Values = { 1f, 2f } } }],
            "resume-not-from-0" => [Config(new ResumeFrom { State = state, FromPtsUs = 1_000_001, ReplayFromIndex = 3 })],
            "foreign-resume" => [Config(new ResumeFrom { State = ByteString.CopyFromUtf8("not this stream"), FromPtsUs = 1_000_001 })],
            "no-kind" => [Config(), new AlignRequest()],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var error = (await AlignAsync(requests)).Failed;

        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: {error.Status}");
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, AdapterCall.ViolatedField(error));
    }
}
