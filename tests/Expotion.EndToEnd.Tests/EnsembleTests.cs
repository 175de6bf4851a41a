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

    /// <summary>How a member plays: their gesture (0 BPM = standing still; reach scales it), whether frames go at camera pace
    /// (else as fast as the session takes them), and a cue: before frame <see cref="CueFrame"/> they wait for
    /// <see cref="CueAfter"/> (if any), then send <see cref="Cue"/>.</summary>
    private sealed record Play(double Bpm, double Seconds, double Reach = 1, bool Paced = false)
    {
        public int CueFrame { get; init; } = -1;
        public PerformRequest? Cue { get; init; }
        public Func<Task>? CueAfter { get; init; }
        /// <summary>Frame i's pts (default i / fps).</summary>
        public Func<int, long> Pts { get; init; } = i => (long)Math.Round(i * 1e6 / Fps);
        /// <summary>Called with every response as it arrives.</summary>
        public Action<PerformResponse>? Seen { get; init; }
    }

    /// <summary>One member: sends <paramref name="seconds"/> of a performer swinging at <paramref name="bpm"/> (0 = standing
    /// still) as fast as the session takes them, and collects what they hear.</summary>
    private Task<List<PerformResponse>> MemberAsync(PerformConfig config, double bpm, double seconds, CancellationToken ct) =>
        MemberAsync(config, new Play(bpm, seconds), ct);

    private async Task<List<PerformResponse>> MemberAsync(PerformConfig config, Play play, CancellationToken ct)
    {
        var performer = new SamplePerformer(160, 120, Fps, play.Seconds, play.Bpm > 0 ? play.Bpm : 120, play.Reach);
        using var call = new Pipeline.PipelineClient(_channel).Perform(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new PerformRequest { Config = config }, ct);
        var heard = new List<PerformResponse>();
        var reader = Task.Run(async () =>
        {
            await foreach (var r in call.ResponseStream.ReadAllAsync(ct))
            {
                heard.Add(r);
                play.Seen?.Invoke(r);
            }
        }, ct);
        var still = performer.Render(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < performer.FrameCount; i++)
            {
                if (play.Paced && TimeSpan.FromSeconds(i / Fps) - clock.Elapsed is { Ticks: > 0 } wait) await Task.Delay(wait, ct);
                if (i == play.CueFrame && play.Cue is { } cue)
                {
                    if (play.CueAfter is { } after) await after().WaitAsync(TimeSpan.FromSeconds(30), ct);
                    await call.RequestStream.WriteAsync(cue, ct);
                }
                var data = play.Bpm > 0 ? performer.Render(i) : still;
                await call.RequestStream.WriteAsync(new PerformRequest
                {
                    Frame = new VideoFrame { PtsUs = play.Pts(i), Width = 160, Height = 120, Format = PixelFormat.Rgb24, Data = ByteString.CopyFrom(data) },
                }, ct);
            }
            await call.RequestStream.WriteAsync(new PerformRequest { End = new End() }, ct);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or IOException && !ct.IsCancellationRequested)
        {
            // The gateway ended the call (e.g. a bad config; a write then fails, as a status or a reset stream): its status
            // comes on the responses.
        }
        await reader;
        return heard;
    }

    /// <summary>Starts a member and returns once the gateway has them in the session (their own join event; or their stream
    /// ended), so that who joins first is fixed however busy the machine is.</summary>
    private async Task<Task<List<PerformResponse>>> JoinedAsync(PerformConfig config, Play play, CancellationToken ct)
    {
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = MemberAsync(config, play with
        {
            Seen = r =>
            {
                if (r.Session?.Kind == SessionEvent.Types.Kind.Joined) joined.TrySetResult();
                play.Seen?.Invoke(r);
            },
        }, ct);
        await Task.WhenAny(joined.Task, run);
        return run;
    }

    private static PerformRequest RoleUpdate(string role) => new() { Update = new PerformUpdate { Role = role } };

    /// <summary>Chunks that follow one another with no gap and no repeat.</summary>
    private static void AssertContiguous(List<AudioChunk> audio)
    {
        for (var i = 1; i < audio.Count; i++)
            Assert.Equal(audio[i - 1].PtsUs + audio[i - 1].Frames * 1_000_000L / audio[i - 1].SampleRate, audio[i].PtsUs);
    }

    private static List<AudioChunk> Audio(IEnumerable<PerformResponse> heard) =>
        heard.Where(r => r.KindCase == PerformResponse.KindOneofCase.Audio).Select(r => r.Audio).ToList();

    [Fact]
    public async Task Join_RhythmEnergyAndStillMembers_OnePieceWhoseTempoFollowsTheRhythmMember()
    {
        var rhythm = await JoinedAsync(Config("trio", "ana", "rhythm"), new Play(100, 14), Ct);   // Ana opens the session; the others join it
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
        var ana = await JoinedAsync(Config("duo", "ana", "rhythm"), new Play(120, 20), drop.Token);
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
    [InlineData("s1", "drums", "", StatusCode.InvalidArgument, "ensemble.role")]
    [InlineData("s1", "rhythm", "bad name", StatusCode.InvalidArgument, "ensemble.member")]
    [InlineData("", "rhythm", "ana", StatusCode.InvalidArgument, "ensemble.session")]
    public async Task Join_BadRoleOrName_FailsNamingTheField(string session, string role, string member, StatusCode code, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => MemberAsync(Config(session, member, role), 120, 1, Ct));
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

    [Fact]
    public async Task ChangeRole_TrioSwapsRhythmAndEnergyMidPiece_TempoAndDynamicsSwapWhomTheyFollow()
    {
        const double seconds = 26, swapAt = 14;
        var anaGaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Ana swings at 100 BPM with small gestures, Ben at 140 BPM with full ones, Cy stands still (harmony: no face to read).
        // At 14 s Ana gives rhythm up for energy, and Ben, told so, takes rhythm.
        var ana = await JoinedAsync(Config("swap", "ana", "rhythm"), new Play(100, seconds, Reach: 0.4, Paced: true)
        {
            CueFrame = (int)(swapAt * Fps), Cue = RoleUpdate("energy"),
        }, Ct);
        var ben = MemberAsync(Config("swap", "ben", "energy"), new Play(140, seconds, Paced: true)
        {
            CueFrame = (int)(swapAt * Fps), Cue = RoleUpdate("rhythm"), CueAfter = () => anaGaveUp.Task,
            Seen = r => { if (r.Session is { Kind: SessionEvent.Types.Kind.Role, Member: "ana" }) anaGaveUp.TrySetResult(); },
        }, Ct);
        var cy = MemberAsync(Config("swap", "cy", "harmony"), new Play(0, seconds, Paced: true), Ct);
        var heard = await Task.WhenAll(ana, ben, cy);

        // Everyone was told of both changes; the cast ends with Ben on rhythm and Ana on energy.
        var changes = heard[2].Where(r => r.Session?.Kind == SessionEvent.Types.Kind.Role).Select(r => r.Session).ToList();
        Assert.Equal(new[] { "ana", "ben" }, changes.Select(c => c.Member));
        Assert.StartsWith("rhythm: ben; energy: ana; harmony: cy", changes[^1].Roles, StringComparison.Ordinal);

        // The tempo is Ana's 100 BPM before the swap and Ben's 140 after it.
        var tempi = heard[0].Where(r => r.Event?.Tempo is { Source: "motion" }).Select(r => (r.Event.PtsUs, r.Event.Tempo.Bpm)).ToList();
        var before = tempi.Last(t => t.PtsUs < swapAt * 1e6);
        var after = tempi.Last();
        Assert.InRange(before.Bpm, 93, 107);
        Assert.True(after.PtsUs > swapAt * 1e6, $"the last tempo change is at {after.PtsUs / 1e6:F1} s, before the swap");
        Assert.InRange(after.Bpm, 130, 150);

        // The dynamics are Ben's full gestures' before the swap and Ana's small ones' after it (whoever plays rhythm).
        double Energy(double from, double to) => heard[0].Where(r => r.Event?.Dynamics is not null && r.Event.PtsUs >= from * 1e6 && r.Event.PtsUs < to * 1e6)
            .Average(r => r.Event.Dynamics.Energy);
        var (loud, soft) = (Energy(9.5, swapAt), Energy(swapAt + 6, seconds - 0.5));
        TestContext.Current.TestOutputHelper?.WriteLine($"tempo {before.Bpm:F1} BPM before the swap, {after.Bpm:F1} at {after.PtsUs / 1e6:F1} s; energy {loud:F3} before, {soft:F3} after");
        Assert.True(loud > 1.8 * soft, $"energy {loud:F3} before the swap, {soft:F3} after");
    }

    [Fact]
    public async Task Join_ExclusiveRoleHeld_TheSecondClaimantFailsAndTheHolderPlaysOn()
    {
        var ana = await JoinedAsync(Config("held", "ana", "rhythm"), new Play(120, 6), Ct);
        var ex = await Assert.ThrowsAsync<RpcException>(() => MemberAsync(Config("held", "ben", "rhythm"), 120, 2, Ct));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("ensemble.role", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("rhythm is held by 'ana'", ex.Status.Detail, StringComparison.Ordinal);

        var heard = await ana;
        var audio = Audio(heard);
        Assert.True(audio.Count > 200, $"{audio.Count} chunks");
        AssertContiguous(audio);
        Assert.DoesNotContain(heard, r => r.Session?.Member == "ben");   // Ben never joined
    }

    [Theory]
    [InlineData("rhythm", StatusCode.InvalidArgument, "rhythm is held by 'ana'")]                    // two members claiming one exclusive role
    [InlineData("drums", StatusCode.InvalidArgument, "'drums' is not a role")]
    public async Task ChangeRole_HeldOrUnknownRole_FailsTheAskingMemberAndTheSessionPlaysOn(string role, StatusCode code, string detail)
    {
        var ana = await JoinedAsync(Config("clash", "ana", "rhythm"), new Play(120, 6), Ct);
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            MemberAsync(Config("clash", "ben", "energy"), new Play(120, 4) { CueFrame = 45, Cue = RoleUpdate(role) }, Ct));
        Assert.Equal(code, ex.StatusCode);
        Assert.Contains("update.role", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(detail, ex.Status.Detail, StringComparison.Ordinal);

        var heard = await ana;
        AssertContiguous(Audio(heard));
        var left = heard.First(r => r.Session?.Kind == SessionEvent.Types.Kind.Left).Session;
        Assert.Equal("ben", left.Member);
        Assert.StartsWith("rhythm: ana; energy: ana (fallback)", left.Roles, StringComparison.Ordinal);
        Assert.DoesNotContain(heard, r => r.Session?.Kind == SessionEvent.Types.Kind.Role);
    }

    [Fact]
    public async Task ChangeRole_Alone_FailsPreconditionNamingUpdateRole()
    {
        var solo = new PerformConfig { Smoothing = new AlignConfig { Mode = SmoothingMode.Causal }, Music = new GenerateConfig { Prompt = "funk", ChunkMs = 20 } };
        var ex = await Assert.ThrowsAsync<RpcException>(() => MemberAsync(solo, new Play(120, 3) { CueFrame = 30, Cue = RoleUpdate("rhythm") }, Ct));
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("update.role", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_ConfigForAnotherSessionMidStream_FailsNamingConfigAndNeitherSessionIsTouched()
    {
        var ana = await JoinedAsync(Config("home", "ana", "rhythm"), new Play(120, 6), Ct);
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            MemberAsync(Config("home", "ben", ""), new Play(120, 4) { CueFrame = 45, Cue = new PerformRequest { Config = Config("away", "ben", "") } }, Ct));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("config", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("belongs to session 'home'", ex.Status.Detail, StringComparison.Ordinal);

        var heard = await ana;
        AssertContiguous(Audio(heard));
        Assert.Equal("ben", heard.First(r => r.Session?.Kind == SessionEvent.Types.Kind.Left).Session.Member);
        // "away" never got Ben: a Ben who joins it now is its first member (and the name is free there).
        var away = await MemberAsync(Config("away", "ben", ""), 120, 1, Ct);
        var joined = away.First(r => r.Session?.Kind == SessionEvent.Types.Kind.Joined).Session;
        Assert.Equal(new[] { "ben" }, joined.Members.Select(m => m.Name));
        Assert.StartsWith("rhythm: ben", joined.Roles, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10_000_000, "ahead of this member's time on the session's clock")]   // the clock leaps 10 s ahead
    [InlineData(-2_000_000, "timestamps must increase")]                              // ... or 2 s back
    public async Task Perform_MemberClockJumps_FailsNamingPtsUsAndTheOthersPlayOn(long jumpUs, string detail)
    {
        var ana = await JoinedAsync(Config("jump", "ana", "rhythm"), new Play(120, 6), Ct);
        // Ben plays at camera pace (his clock runs with the session's), then at 2.5 s (joined by then) his timestamps jump.
        long Pts(int i) => (long)Math.Round(i * 1e6 / Fps) + (jumpUs > 0 ? (i >= 75 ? jumpUs : 0) : (i < 75 ? -jumpUs : 0));
        var ex = await Assert.ThrowsAsync<RpcException>(() => MemberAsync(Config("jump", "ben", "energy"), new Play(120, 4, Paced: true) { Pts = Pts }, Ct));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("frame.pts_us", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(detail, ex.Status.Detail, StringComparison.Ordinal);

        var heard = await ana;
        AssertContiguous(Audio(heard));
        Assert.Equal("ben", heard.First(r => r.Session?.Kind == SessionEvent.Types.Kind.Left).Session.Member);
    }
}
