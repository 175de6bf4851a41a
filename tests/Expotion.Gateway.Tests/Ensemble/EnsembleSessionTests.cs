using System.Runtime.CompilerServices;
using Expotion.Gateway.Core.Ensemble;

namespace Expotion.Gateway.Tests.Ensemble;

/// <summary>
/// The session's grid, fan-out and lifetime, with a music stage that turns each merged row into one "audio" output
/// (its index and merged motion) and opens with a "style" event, so that what each member hears can be checked exactly.
/// </summary>
public sealed class EnsembleSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Names = ["motion_energy"];
    private static readonly SessionLayout Layout = new("test.v1", 1, Names, 0, ChunkUs: 20_000);

    private sealed record Out(long Pts, string Kind, long Index = -1, float Motion = 0, string Text = "");

    private sealed class Format : IEnsembleFormat<Out>
    {
        public long PtsOf(Out output) => output.Pts;
        public Out At(Out output, long ptsUs) => output with { Pts = ptsUs };
        public string? StateKey(Out output) => output.Kind == "style" ? "style" : null;
        public Out Notice(SessionNotice notice, long ptsUs) => new(ptsUs, $"notice.{notice.Kind}", Text: $"{notice.Member}|{notice.Roles}");
    }

    private sealed class Music
    {
        public TaskCompletionSource InputEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Exception? FailAfter20 { get; init; }

        public async IAsyncEnumerable<Out> RunAsync(IAsyncEnumerable<ConditionRow> rows, [EnumeratorCancellation] CancellationToken ct)
        {
            yield return new Out(0, "style", Text: "funk");
            await foreach (var row in rows.WithCancellation(ct))
            {
                if (FailAfter20 is { } failure && row.Index == 20) throw failure;
                yield return new Out(row.Index * 20_000, "audio", row.Index, row.Values[0]);
            }
            InputEnded.TrySetResult();
        }
    }

    private static EnsembleRegistry<Out> Registry(int graceMs = 500) => new(new EnsembleOptions { GraceMs = graceMs }, new Format());

    private static async Task PushAsync(EnsembleMember<Out> member, int from, int count, float motion)
    {
        for (var i = from; i < from + count; i++) await member.PushAsync(i, [motion], Ct);
    }

    private static async Task<List<Out>> ReadAsync(EnsembleMember<Out> member, Func<List<Out>, bool> until)
    {
        var got = new List<Out>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!until(got) && await member.Outputs.WaitToReadAsync(timeout.Token))
            while (member.Outputs.TryRead(out var o)) got.Add(o);
        return got;
    }

    private static List<Out> Audio(List<Out> outputs) => outputs.Where(o => o.Kind == "audio").ToList();

    [Fact]
    public async Task Join_TwoMembers_BothHearTheOnePieceEachOnTheirOwnTimeline()
    {
        var registry = Registry();
        var music = new Music();
        using var ana = registry.Join("duo", "ana", null, Layout, music.RunAsync);
        await PushAsync(ana, 0, 10, 0.2f);
        var anaFirst = await ReadAsync(ana, o => Audio(o).Count >= 5);
        using var ben = registry.Join("duo", "ben", null, Layout, (_, _) => throw new InvalidOperationException("only the first member opens the music"));
        Assert.Equal(1, registry.Count);
        Assert.Equal(EnsembleRole.Energy, ben.Role);
        Assert.Null(ben.StartUs);   // placed on the session's clock by his first row

        var anaTask = Task.Run(() => PushAsync(ana, 10, 40, 0.2f), Ct);
        await PushAsync(ben, 0, 40, 0.2f);
        await anaTask;
        var benHeard = await ReadAsync(ben, o => Audio(o).Count >= 20);
        var benStart = ben.StartUs ?? -1;
        Assert.True(benStart > 0 && benStart % Layout.ChunkUs == 0, $"ben starts at {benStart}");
        var anaHeard = anaFirst.Concat(await ReadAsync(ana, o => Audio(o).Count >= 30)).ToList();

        // Ben is first told where the piece is, then hears it from his time 0: the same outputs as Ana, moved by his start.
        Assert.Equal("style", benHeard.First(o => !o.Kind.StartsWith("notice", StringComparison.Ordinal)).Kind);
        Assert.Equal(0, benHeard.First(o => o.Kind == "style").Pts);
        Assert.Contains(benHeard, o => o.Kind == "notice.Joined" && o.Text.StartsWith("ben|rhythm: ana; energy: ben", StringComparison.Ordinal));
        var benAudio = Audio(benHeard);
        // His first row (his time 0) was due as it came; he hears from the first chunk not yet merged then, at his own time.
        Assert.InRange(benAudio[0].Index, benStart / 20_000, benStart / 20_000 + 5);
        Assert.Equal(Enumerable.Range((int)benAudio[0].Index, benAudio.Count).Select(i => (long)i), benAudio.Select(o => o.Index));
        Assert.All(benAudio, o => Assert.Equal(o.Index * 20_000 - benStart, o.Pts));
        var anaByIndex = Audio(anaHeard).ToDictionary(o => o.Index);
        Assert.All(benAudio.Where(o => anaByIndex.ContainsKey(o.Index)), o => Assert.Equal(anaByIndex[o.Index].Motion, o.Motion));
        var anaAudio = Audio(anaHeard);
        Assert.Equal(Enumerable.Range((int)anaAudio[0].Index, anaAudio.Count).Select(i => (long)i), anaAudio.Select(o => o.Index));
        Assert.All(anaAudio, o => Assert.Equal(o.Index * 20_000 - ana.StartUs, o.Pts));
    }

    [Fact]
    public async Task Leave_OneMemberLeaves_ThePieceGoesOnContiguouslyAndEndsWithTheLast()
    {
        var registry = Registry();
        var music = new Music();
        var ana = registry.Join("band", "ana", EnsembleRole.Rhythm, Layout, music.RunAsync);
        using var ben = registry.Join("band", "ben", EnsembleRole.Energy, Layout, music.RunAsync);
        await Task.WhenAll(PushAsync(ana, 0, 20, 0.3f), PushAsync(ben, 0, 20, 0.3f));
        ana.Dispose();

        await PushAsync(ben, 20, 40, 0.3f);
        var heard = await ReadAsync(ben, o => Audio(o).Count >= 40);
        var indices = Audio(heard).Select(o => o.Index).ToList();
        Assert.Equal(Enumerable.Range((int)indices[0], indices.Count).Select(i => (long)i), indices);   // no gap, no repeat
        Assert.Contains(heard, o => o.Kind == "notice.Left" && o.Text.StartsWith("ana|rhythm: ben (fallback)", StringComparison.Ordinal));

        ben.Dispose();
        await music.InputEnded.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(0, registry.Count);
        // The name is free again: a new member opens a new session.
        using var cy = registry.Join("band", "cy", null, Layout, new Music().RunAsync);
        Assert.Equal(EnsembleRole.Rhythm, cy.Role);
    }

    [Fact]
    public async Task Join_MusicFails_EveryMemberSeesTheFailure()
    {
        var registry = Registry();
        var music = new Music { FailAfter20 = new InvalidOperationException("the synth broke") };
        using var ana = registry.Join("s", "ana", null, Layout, music.RunAsync);
        using var ben = registry.Join("s", "ben", null, Layout, music.RunAsync);
        _ = Task.Run(() => PushAsync(ben, 0, 100, 0.1f), Ct);
        await PushAsync(ana, 0, 100, 0.1f);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync(ana, _ => false));
        Assert.Equal("the synth broke", ex.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync(ben, _ => false));
    }

    [Fact]
    public void Join_OtherFeatureLayout_FailsNamingTheSessionsLayout()
    {
        var registry = Registry();
        using var ana = registry.Join("s", "ana", null, Layout, new Music().RunAsync);

        var ex = Assert.Throws<InvalidInputException>(() => registry.Join("s", "ben", null, Layout with { SchemaId = "other.v1", Dims = 3 }, new Music().RunAsync));
        Assert.Equal("ensemble.session", ex.Field);
        Assert.Contains("plays test.v1 (1 values)", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Join_ChunkNotOnTheGrid_FailsNamingChunkMs()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Registry().Join("s", "ana", null, Layout with { ChunkUs = 30_000 }, new Music().RunAsync));
        Assert.Equal("music.chunk_ms", ex.Field);
    }

    // Two motion columns: a cell whose value marks whose shape it is (ana 1, ben 2), and the motion energy (ana 0.1, ben 0.4).
    private static readonly SessionLayout Motion = new("test.v2", 2, ["cell0_0.mag", "motion_energy"], 1, ChunkUs: 20_000);

    [Fact]
    public async Task ChangeRole_RhythmAndEnergySwapMidPiece_TheMergedShapeAndLevelSwapWithThem()
    {
        var registry = Registry(graceMs: 2000);
        using var ana = registry.Join("swap", "ana", EnsembleRole.Rhythm, Motion, new Music().RunAsync);
        using var ben = registry.Join("swap", "ben", EnsembleRole.Energy, Motion, new Music().RunAsync);
        async Task Rows(EnsembleMember<Out> m, float cell, float energy, int from, int count)
        {
            for (var i = from; i < from + count; i++) await m.PushAsync(i, [cell, energy], Ct);
        }
        await Task.WhenAll(Rows(ana, 1, 0.1f, 0, 20), Rows(ben, 2, 0.4f, 0, 20));
        var before = await ReadAsync(ana, o => Audio(o).Count >= 15);

        Assert.True(ana.ChangeRole(EnsembleRole.Energy));   // ana gives rhythm up first (it falls back to her, the first to join) ...
        Assert.True(ben.ChangeRole(EnsembleRole.Rhythm));   // ... then ben takes it
        Assert.False(ben.ChangeRole(EnsembleRole.Rhythm));  // the role he holds: nothing changes
        Assert.Equal((EnsembleRole.Energy, EnsembleRole.Rhythm), (ana.Role, ben.Role));
        // In batches as the piece plays, so that no member's rows are older than the session takes as live (1 s).
        var heard = before;
        for (var from = 20; from < 60; from += 20)
        {
            await Task.WhenAll(Rows(ana, 1, 0.1f, from, 20), Rows(ben, 2, 0.4f, from, 20));
            var upTo = (from + 15) * 20_000;
            heard = [.. heard, .. await ReadAsync(ana, o => o.Any(x => x.Kind == "audio" && x.Pts >= upTo))];
        }

        // Before: ana's shape (1) at ben's level (4x ana's); after: ben's shape (2) at ana's level (a quarter of ben's). In
        // between (a point merged between the two changes) ana's shape at both energy members' mean level: 2.5. The first
        // points may be merged before ben's first row is in (ana's alone: 1). By ana's own grid point (her time / 20 ms).
        static long At(Out o) => o.Pts / 20_000;
        var audio = Audio(heard).Where(o => At(o) is >= 2 and < 55).ToList();
        Assert.All(audio.Where(o => At(o) < 15), o => Assert.Equal(4f, o.Motion, 1e-4f));
        Assert.All(audio.Where(o => At(o) >= 20), o => Assert.Equal(0.5f, o.Motion, 1e-4f));
        Assert.All(audio, o => Assert.True(new[] { 4f, 2.5f, 0.5f }.Any(v => Math.Abs(o.Motion - v) < 1e-4f), $"{o.Index}: {o.Motion}"));
        var roles = heard.Where(o => o.Kind == "notice.Role").Select(o => o.Text).ToList();
        Assert.Equal(2, roles.Count);
        Assert.StartsWith("ana|rhythm: ana (fallback); energy: ana, ben", roles[0], StringComparison.Ordinal);
        Assert.StartsWith("ben|rhythm: ben; energy: ana", roles[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeRole_ExclusiveRoleHeld_FailsAndTheSessionGoesOnUnchanged()
    {
        var registry = Registry();
        using var ana = registry.Join("clash", "ana", EnsembleRole.Rhythm, Layout, new Music().RunAsync);
        using var ben = registry.Join("clash", "ben", EnsembleRole.Energy, Layout, new Music().RunAsync);

        var ex = Assert.Throws<InvalidInputException>(() => ben.ChangeRole(EnsembleRole.Rhythm));
        Assert.Equal("update.role", ex.Field);
        Assert.Equal((EnsembleRole.Rhythm, EnsembleRole.Energy), (ana.Role, ben.Role));
        await Task.WhenAll(PushAsync(ana, 0, 20, 0.2f), PushAsync(ben, 0, 20, 0.2f));
        var heard = await ReadAsync(ana, o => Audio(o).Count >= 15);
        Assert.DoesNotContain(heard, o => o.Kind == "notice.Role");
        var audio = Audio(heard).Take(15).ToList();
        Assert.Equal(Enumerable.Range((int)audio[0].Index, 15).Select(i => (long)i), audio.Select(o => o.Index));
    }
}
