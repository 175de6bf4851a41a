using Expotion.Client.Media;
using Expotion.Hosting;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Expotion.EndToEnd.Tests;

/// <summary>
/// Ensembles (issue 17) over real gRPC through a gateway and the real stages: members of one session, each with their own
/// performer, hear one piece whose tempo follows the rhythm member; a member who drops does not stop it.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class EnsembleTests(PipelineFixture fixture) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const double Fps = 30;
    private WebApplication? _gateway;
    private GrpcChannel? _channel;

    public async ValueTask InitializeAsync()
    {
        // A generous grace, so that a busy test machine delays the merge instead of merging a late member's held row.
        _gateway = StageHost.Build(StageRole.Gateway, "http://127.0.0.1:0", [], LogLevel.Warning, new Dictionary<string, string?>
        {
            ["Gateway:VisionUrl"] = fixture.Stages.Endpoints.Vision.ToString(),
            ["Gateway:SmoothingUrl"] = fixture.Stages.Endpoints.Smoothing.ToString(),
            ["Gateway:MusicUrl"] = fixture.Stages.Endpoints.Music.ToString(),
            ["Gateway:WebUrl"] = "none",
            ["Gateway:Ensemble:GraceMs"] = "1500",
            ["Gateway:Ensemble:MaxMembers"] = "3",
        });
        await _gateway.StartAsync(Ct);
        _channel = GrpcChannel.ForAddress(_gateway.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (_gateway is not null) { await _gateway.StopAsync(); await _gateway.DisposeAsync(); }
    }

    private static PerformConfig Config(string session, string member, string role) => new()
    {
        Smoothing = new AlignConfig { Mode = SmoothingMode.Causal },
        Music = new GenerateConfig { Prompt = "funk with drums", ChunkMs = 20 },
        Ensemble = new EnsembleConfig { Session = session, Member = member, Role = role },
    };

    /// <summary>One member: sends <paramref name="seconds"/> of a performer swinging at <paramref name="bpm"/> (0 = standing
    /// still) as fast as the session takes them, and collects what they hear.</summary>
    private async Task<List<PerformResponse>> MemberAsync(PerformConfig config, double bpm, double seconds, CancellationToken ct)
    {
        var performer = new SamplePerformer(160, 120, Fps, seconds, bpm > 0 ? bpm : 120);
        using var call = new Pipeline.PipelineClient(_channel).Perform(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new PerformRequest { Config = config }, ct);
        var heard = new List<PerformResponse>();
        var reader = Task.Run(async () => { await foreach (var r in call.ResponseStream.ReadAllAsync(ct)) heard.Add(r); }, ct);
        var still = performer.Render(0);
        try
        {
            for (var i = 0; i < performer.FrameCount; i++)
            {
                var data = bpm > 0 ? performer.Render(i) : still;
                await call.RequestStream.WriteAsync(new PerformRequest
                {
                    Frame = new VideoFrame { PtsUs = (long)Math.Round(i * 1e6 / Fps), Width = 160, Height = 120, Format = PixelFormat.Rgb24, Data = ByteString.CopyFrom(data) },
                }, ct);
            }
            await call.RequestStream.WriteAsync(new PerformRequest { End = new End() }, ct);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException) when (!ct.IsCancellationRequested)
        {
            // The gateway ended the call (e.g. a bad config): its status comes on the responses.
        }
        await reader;
        return heard;
    }

    private static List<AudioChunk> Audio(IEnumerable<PerformResponse> heard) =>
        heard.Where(r => r.KindCase == PerformResponse.KindOneofCase.Audio).Select(r => r.Audio).ToList();

    [Fact]
    public async Task Join_RhythmEnergyAndStillMembers_OnePieceWhoseTempoFollowsTheRhythmMember()
    {
        var rhythm = MemberAsync(Config("trio", "ana", "rhythm"), bpm: 100, seconds: 14, Ct);
        await Task.Delay(300, Ct);   // Ana opens the session; the others join it
        var energy = MemberAsync(Config("trio", "ben", "energy"), bpm: 140, seconds: 12, Ct);
        var still = MemberAsync(Config("trio", "cy", ""), bpm: 0, seconds: 12, Ct);
        var heard = await Task.WhenAll(rhythm, energy, still);

        // The piece's tempo is Ana's 100 BPM, not Ben's 140.
        var tempi = heard[0].Where(r => r.Event?.Tempo is not null).Select(r => r.Event.Tempo).ToList();
        var last = tempi.Last(t => t.Source == "motion");
        Assert.InRange(last.Bpm, 93, 107);

        // Ben and Cy hear the very audio Ana hears, on their own timelines.
        var ana = Audio(heard[0]).ToDictionary(a => a.Data);
        foreach (var other in heard.Skip(1).Select(Audio))
        {
            Assert.True(other.Count > 300, $"{other.Count} chunks");
            var offset = ana[other[10].Data].PtsUs - other[10].PtsUs;
            var matched = other.Count(a => ana.TryGetValue(a.Data, out var same) && same.PtsUs - a.PtsUs == offset);
            Assert.True(matched >= other.Count - 5, $"{matched} of {other.Count} chunks are the same audio at the same place");
        }
        // Each member was told who joined, with the roles.
        var joined = heard[2].Where(r => r.Session?.Kind == SessionEvent.Types.Kind.Joined).ToList();
        // Ben and Cy join at about the same time, in either order; both get the energy role (Cy asked for none, and Ana holds rhythm).
        var roles = joined.Last().Session.Roles;
        Assert.True(roles.StartsWith("rhythm: ana; energy: ben, cy", StringComparison.Ordinal) || roles.StartsWith("rhythm: ana; energy: cy, ben", StringComparison.Ordinal), roles);
        Assert.Contains(heard[1], r => r.Session?.Kind == SessionEvent.Types.Kind.Meters && r.Session.Members.Count == 3);
    }

    [Fact]
    public async Task Join_MemberDropsMidPiece_TheOthersAudioStaysContiguous()
    {
        using var drop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var ana = MemberAsync(Config("duo", "ana", "rhythm"), bpm: 120, seconds: 20, drop.Token);
        await Task.Delay(300, Ct);
        var ben = MemberAsync(Config("duo", "ben", "energy"), bpm: 120, seconds: 8, Ct);
        await Task.Delay(3000, Ct);
        await drop.CancelAsync();   // Ana's connection goes away mid-piece
        await Assert.ThrowsAnyAsync<Exception>(() => ana);

        var audio = Audio(await ben);
        Assert.True(audio.Count > 200, $"{audio.Count} chunks");
        for (var i = 1; i < audio.Count; i++)
            Assert.Equal(audio[i - 1].PtsUs + audio[i - 1].Frames * 1_000_000L / audio[i - 1].SampleRate, audio[i].PtsUs);
        var left = (await ben).First(r => r.Session?.Kind == SessionEvent.Types.Kind.Left);
        Assert.Equal("ana", left.Session.Member);
        Assert.StartsWith("rhythm: ben (fallback)", left.Session.Roles, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("drums", "", StatusCode.InvalidArgument, "ensemble.role")]
    [InlineData("rhythm", "bad name", StatusCode.InvalidArgument, "ensemble.member")]
    public async Task Join_BadRoleOrName_FailsNamingTheField(string role, string member, StatusCode code, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => MemberAsync(Config("s1", member, role), 120, 1, Ct));
        Assert.Equal(code, ex.StatusCode);
        Assert.Contains(field, ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_PromptUpdateInASession_FailsPrecondition()
    {
        using var call = new Pipeline.PipelineClient(_channel).Perform(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new PerformRequest { Config = Config("s2", "ana", "") }, Ct);
        await call.RequestStream.WriteAsync(new PerformRequest { Update = new PerformUpdate { Prompt = "rock" } }, Ct);
        var ex = await Assert.ThrowsAsync<RpcException>(async () => { await foreach (var _ in call.ResponseStream.ReadAllAsync(Ct)) { } });
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("prompt updates are not taken in a session", ex.Status.Detail, StringComparison.Ordinal);
    }
}
