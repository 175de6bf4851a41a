using Expotion.Adapters.Tests.Helpers;
using Expotion.Core;
using Expotion.Hosting;
using Expotion.Music.Core.Rendering;
using Expotion.Music.Grpc;
using Expotion.V1;
using Grpc.Core;

namespace Expotion.Adapters.Tests;

public sealed class MusicServices() : StageServices(StageRole.Music);

/// <summary><see cref="MusicGrpcService"/> called directly: audio chunks with a checkpoint every second of audio, resume on a chunk boundary, bad input.</summary>
public sealed class MusicAdapterTests(MusicServices stage) : IClassFixture<MusicServices>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void RequireSynth()
    {
        Assert.SkipUnless(FluidSynthLibrary.IsAvailable(out var reason), reason ?? "libfluidsynth is missing");
        Assert.SkipUnless(SoundFontLocator.Default.TryLocate(null, out _, out _), $"no SoundFont: {SoundFontLocator.InstallHint}");
    }

    private static GenerateRequest Config(ResumeFrom? resume = null, string backend = "", AudioEncoding encoding = AudioEncoding.Unspecified) => new()
    {
        Config = new GenerateConfig
        {
            Prompt = "jazz", Seed = 4, Channels = 1, Backend = backend, Encoding = encoding, Resume = resume,
            Schema = new FeatureSchema { Id = "test", Dims = 1, Names = { "motion_energy" }, MotionEnergyIndex = 0 },
        },
    };

    /// <summary>2.5 s of conditions, a pulse every half second.</summary>
    private static IEnumerable<GenerateRequest> Conditions() => Enumerable.Range(0, 125).Select(i => new GenerateRequest
    {
        Condition = new ConditionFrame { Index = i, PtsUs = TimeGrid.PtsOf(i), Values = { i % 25 < 5 ? 0.3f : 0.02f }, Timing = i == 10 ? new HopTimes { SourcePtsUs = 7 } : null },
    });

    private static readonly GenerateRequest End = new() { End = new End() };

    private Task<CallResult<GenerateResponse>> GenerateAsync(params IEnumerable<GenerateRequest> requests)
    {
        var service = stage.Create<MusicGrpcService>();
        return AdapterCall.DuplexAsync<GenerateRequest, GenerateResponse>(stage.Services, "/expotion.v1.Music/Generate", service.Generate, requests, Ct);
    }

    [Fact]
    public async Task Generate_Stream_ContiguousChunksWithACheckpointAtEachWholeSecondOfAudio()
    {
        RequireSynth();
        var responses = (await GenerateAsync([Config(), .. Conditions(), End])).Succeeded;

        Assert.Equal((0L, 0L), (responses[0].Checkpoint.PtsUs, responses[0].Checkpoint.ReplayFromIndex));
        var audio = responses.Where(r => r.KindCase == GenerateResponse.KindOneofCase.Audio).Select(r => r.Audio).ToList();
        Assert.All(audio, (a, i) => Assert.Equal(i * ChunkLength.DefaultMs * 1000L, a.PtsUs));
        Assert.All(audio, a => Assert.Equal((3200, AudioEncoding.PcmF32Le, 3200 * 4), (a.Frames, a.Encoding, a.Data.Length)));
        Assert.InRange(audio.Count, 25, 27);   // 2.5 s, plus a release tail
        // After the first: a checkpoint right after the chunk that ends each whole second.
        var checkpoints = responses.Select((r, i) => (r, i)).Where(x => x.r.KindCase == GenerateResponse.KindOneofCase.Checkpoint).Skip(1).ToList();
        Assert.Equal([1_000_000L, 2_000_000L], checkpoints.Select(c => c.r.Checkpoint.PtsUs));
        Assert.All(checkpoints, c => Assert.Equal(c.r.Checkpoint.PtsUs, responses[c.i - 1].Audio.PtsUs + 100_000));
        // The chunk covering the stamped condition (200 ms) carries its stamps, with music's own.
        var stamped = Assert.Single(audio, a => a.Timing is not null);
        Assert.Equal(7, stamped.Timing.SourcePtsUs);
        Assert.True(stamped.Timing.MusicOutUs > 0);
        Assert.Equal(GenerateResponse.KindOneofCase.Summary, responses[^1].KindCase);
        Assert.Equal(125, responses[^1].Summary.FramesIn);
    }

    [Fact]
    public async Task Generate_ResumedFromACheckpoint_ReplaysFromTheFirstConditionAndSendsTheSameAudioFromThere()
    {
        RequireSynth();
        var first = (await GenerateAsync([Config(), .. Conditions(), End])).Succeeded;
        var token = first.Where(r => r.KindCase == GenerateResponse.KindOneofCase.Checkpoint).Select(r => r.Checkpoint).Single(c => c.PtsUs == 1_000_000);

        var resumed = (await GenerateAsync([Config(new ResumeFrom { State = token.State, FromPtsUs = token.PtsUs }), .. Conditions(), End])).Succeeded;

        static IEnumerable<(long, Google.Protobuf.ByteString)> Audio(IEnumerable<GenerateResponse> r, long from) =>
            r.Where(x => x.KindCase == GenerateResponse.KindOneofCase.Audio && x.Audio.PtsUs >= from).Select(x => (x.Audio.PtsUs, x.Audio.Data));
        Assert.Equal(Audio(first, token.PtsUs), Audio(resumed, 0));
        Assert.Equal(token.PtsUs, resumed[0].Checkpoint.PtsUs);
    }

    public static TheoryData<string, string> BadStreams => new()
    {
        { "no-config", "config" },
        { "unknown-backend", "config.backend" },
        { "unknown-encoding", "config.encoding" },
        { "resume-off-the-chunk-grid", "config.resume.from_pts_us" },
        { "condition-before-config", "config" },
    };

    [Theory]
    [MemberData(nameof(BadStreams))]
    public async Task Generate_BadInput_InvalidArgumentNamingTheField(string kind, string field)
    {
        GenerateRequest[] requests = kind switch
        {
            "no-config" => [],
            "unknown-backend" => [Config(backend: "no-such-backend")],
            "unknown-encoding" => [Config(encoding: (AudioEncoding)9)],
            "resume-off-the-chunk-grid" => [Config(new ResumeFrom { State = await StateAsync(), FromPtsUs = 150_000 })],
            "condition-before-config" => [.. Conditions().Take(1), Config()],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var error = (await GenerateAsync(requests)).Failed;

        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: {error.Status}");
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, AdapterCall.ViolatedField(error));
        if (kind == "unknown-backend") Assert.Contains("available: conductor, musicgen", error.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>The state of a stream with this config: its first checkpoint, written before anything is rendered.</summary>
    private async Task<Google.Protobuf.ByteString> StateAsync() => (await GenerateAsync(Config())).Responses[0].Checkpoint.State;
}
