using Expotion.Gateway.Core.Ensemble;

namespace Expotion.Gateway.Tests.Ensemble;

public sealed class OfflineEnsembleTests
{
    // Two motion cells and the motion energy.
    private static readonly SessionLayout Layout = new("test.v1", 3, ["cell0_0.mag", "cell0_1.mag", "motion_energy"], 2, 20_000);

    private static async IAsyncEnumerable<ConditionRow> Rows(int count, Func<long, float> energy)
    {
        for (long n = 0; n < count; n++)
        {
            await Task.Yield();
            var e = energy(n);
            yield return new ConditionRow(n, [e * 2, e * 3, e]);
        }
    }

    private static async Task<List<ConditionRow>> MergeAsync(OfflineEnsemble ensemble, params IAsyncEnumerable<ConditionRow>[] rows)
    {
        var merged = new List<ConditionRow>();
        await foreach (var row in ensemble.MergeAsync(Layout, rows, TestContext.Current.CancellationToken)) merged.Add(row);
        return merged;
    }

    [Fact]
    public void Cast_NoRolesGiven_FirstRhythmTheRestEnergyAsTheGatewayDoes()
    {
        var ensemble = new OfflineEnsemble([new("a", null), new("b", null), new("c", null)], 8);
        Assert.Equal([EnsembleRole.Rhythm, EnsembleRole.Energy, EnsembleRole.Energy], ensemble.Cast);
        Assert.StartsWith("rhythm: a; energy: b, c", ensemble.Roles, StringComparison.Ordinal);
    }

    [Fact]
    public void Cast_RhythmAskedByALaterMember_TheEarlierOnesDefaultToEnergy()
    {
        var ensemble = new OfflineEnsemble([new("a", null), new("b", EnsembleRole.Rhythm), new("c", EnsembleRole.Harmony)], 8);
        Assert.Equal([EnsembleRole.Energy, EnsembleRole.Rhythm, EnsembleRole.Harmony], ensemble.Cast);
    }

    [Fact]
    public void Cast_TwoMembersClaimingOneExclusiveRole_FailsNamingTheRole()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new OfflineEnsemble([new("a", EnsembleRole.Melody), new("b", EnsembleRole.Melody)], 8));
        Assert.Equal("ensemble.role", ex.Field);
        Assert.Contains("melody is held by 'a'", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cast_MoreMembersThanTheLimit_FailsNamingTheSetting()
    {
        var ex = Assert.Throws<LimitExceededException>(() => new OfflineEnsemble([new("a", null), new("b", null), new("c", null)], 2));
        Assert.Equal("Gateway:Ensemble:MaxMembers", ex.Limit);
    }

    [Fact]
    public async Task Merge_RhythmAndEnergy_ShapeFromTheRhythmMemberLevelFromTheEnergyMember()
    {
        // The rhythm member pulses (0.1 on even points, 0 on odd ones); the energy member moves steadily at 0.2, twice
        // the rhythm member's mean: the piece keeps the pulse, at the energy member's level.
        var ensemble = new OfflineEnsemble([new("a", EnsembleRole.Rhythm), new("b", EnsembleRole.Energy)], 8);
        var merged = await MergeAsync(ensemble, Rows(1000, n => n % 2 == 0 ? 0.1f : 0f), Rows(1000, _ => 0.2f));

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), merged.Select(r => r.Index));
        var late = merged.Skip(800).ToList();
        Assert.All(late.Where(r => r.Index % 2 == 1), r => Assert.Equal(0f, r.Values[2]));
        Assert.All(late.Where(r => r.Index % 2 == 0), r => Assert.InRange(r.Values[2], 0.35f, 0.45f));
        Assert.All(late, r => Assert.Equal(r.Values[2] * 3, r.Values[1], 1e-5f));
    }

    [Fact]
    public async Task Merge_RhythmMembersRowsEnd_ThePieceGoesOnWithTheEnergyMemberAsRhythm()
    {
        var ensemble = new OfflineEnsemble([new("a", EnsembleRole.Rhythm), new("b", EnsembleRole.Energy)], 8);
        var merged = await MergeAsync(ensemble, Rows(100, _ => 0.5f), Rows(300, n => n % 4 == 0 ? 0.3f : 0f));

        Assert.Equal(300, merged.Count);
        // After a's last row b drives the motion slots unscaled: b's own pulse, at b's own level.
        Assert.All(merged.Skip(100), r => Assert.Equal(r.Index % 4 == 0 ? 0.3f : 0f, r.Values[2], 1e-6f));
    }

    [Fact]
    public async Task Merge_MembersRowOfTheWrongWidth_FailsNamingTheMember()
    {
        static async IAsyncEnumerable<ConditionRow> Narrow()
        {
            await Task.Yield();
            yield return new ConditionRow(0, [1f]);
        }
        var ensemble = new OfflineEnsemble([new("a", null), new("b", null)], 8);
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => MergeAsync(ensemble, Rows(10, _ => 0.1f), Narrow()));
        Assert.Equal("condition.values", ex.Field);
        Assert.Contains("'b'", ex.Reason, StringComparison.Ordinal);
    }
}
