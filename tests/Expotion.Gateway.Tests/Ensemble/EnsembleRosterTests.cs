using Expotion.Gateway.Core.Ensemble;

namespace Expotion.Gateway.Tests.Ensemble;

public sealed class EnsembleRosterTests
{
    [Fact]
    public void Add_NoRolesAsked_FirstIsRhythmTheRestEnergy()
    {
        var roster = new EnsembleRoster(8);
        Assert.Equal(EnsembleRole.Rhythm, roster.Add("ana", null).Role);
        Assert.Equal(EnsembleRole.Energy, roster.Add("ben", null).Role);
        Assert.Equal(EnsembleRole.Energy, roster.Add("cy", null).Role);
        Assert.Equal("rhythm: ana; energy: ben, cy; harmony: ana (fallback); melody: ana (fallback)", roster.Describe());
    }

    [Fact]
    public void Add_ExclusiveRoleHeld_FailsNamingTheRoleAndItsHolder()
    {
        var roster = new EnsembleRoster(8);
        roster.Add("ana", EnsembleRole.Harmony);

        var ex = Assert.Throws<InvalidInputException>(() => roster.Add("ben", EnsembleRole.Harmony));
        Assert.Equal("ensemble.role", ex.Field);
        Assert.Contains("harmony is held by 'ana'", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(EnsembleRole.Energy, roster.Add("ben", EnsembleRole.Energy).Role);   // a shared role is fine
        Assert.Equal(EnsembleRole.Energy, roster.Add("cy", EnsembleRole.Energy).Role);
    }

    [Fact]
    public void Add_SessionFull_FailsNamingTheLimit()
    {
        var roster = new EnsembleRoster(2);
        roster.Add("ana", null);
        roster.Add("ben", null);

        var ex = Assert.Throws<LimitExceededException>(() => roster.Add("cy", null));
        Assert.Equal("Gateway:Ensemble:MaxMembers", ex.Limit);
    }

    [Fact]
    public void Add_NameTaken_FailsNamingTheMember()
    {
        var roster = new EnsembleRoster(8);
        roster.Add("ana", null);

        Assert.Equal("ensemble.member", Assert.Throws<InvalidInputException>(() => roster.Add("ana", null)).Field);
    }

    [Fact]
    public void Remove_RhythmMemberLeaves_RhythmFallsBackToAllMembersThenToEveryoneInJoinOrder()
    {
        var roster = new EnsembleRoster(8);
        var ana = roster.Add("ana", EnsembleRole.Rhythm);
        roster.Add("ben", EnsembleRole.Energy);
        roster.Add("cy", EnsembleRole.All);

        roster.Remove(ana.Id);
        Assert.Equal(["cy"], roster.Candidates(EnsembleRole.Rhythm).Select(m => m.Name));
        Assert.StartsWith("rhythm: cy (fallback); energy: ben", roster.Describe(), StringComparison.Ordinal);

        roster.Remove(roster.Members.Single(m => m.Name == "cy").Id);
        Assert.Equal(["ben"], roster.Candidates(EnsembleRole.Rhythm).Select(m => m.Name));
        // A new member without a role takes the free rhythm role.
        Assert.Equal(EnsembleRole.Rhythm, roster.Add("dee", null).Role);
    }

    [Theory]
    [InlineData("RHYTHM", EnsembleRole.Rhythm)]
    [InlineData(" melody ", EnsembleRole.Melody)]
    [InlineData("all", EnsembleRole.All)]
    public void Parse_KnownRole_ReadsIt(string text, EnsembleRole role) => Assert.Equal(role, EnsembleRoles.Parse(text));

    [Fact]
    public void Parse_UnknownRole_FailsNamingItAndTheChoices()
    {
        var ex = Assert.Throws<InvalidInputException>(() => EnsembleRoles.Parse("drums"));
        Assert.Equal("ensemble.role", ex.Field);
        Assert.Contains("'drums' is not a role; one of rhythm, energy, harmony, melody, all", ex.Reason, StringComparison.Ordinal);
        Assert.Null(EnsembleRoles.Parse(""));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("a b", "may only hold")]
    [InlineData("ünïcode", "may only hold")]
    public void SessionName_Invalid_FailsNamingTheField(string name, string reason)
    {
        var ex = Assert.Throws<InvalidInputException>(() => SessionName.Validate(name, "ensemble.session"));
        Assert.Equal("ensemble.session", ex.Field);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.Contains("at most 64", Assert.Throws<InvalidInputException>(() => SessionName.Validate(new string('a', 65), "x")).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeRole_HolderGivesUpRhythm_ItFallsBackUntilTheOtherTakesIt()
    {
        var roster = new EnsembleRoster(8);
        var ana = roster.Add("ana", EnsembleRole.Rhythm);
        var ben = roster.Add("ben", EnsembleRole.Energy);

        Assert.Equal(EnsembleRole.Energy, roster.ChangeRole(ana.Id, EnsembleRole.Energy).Role);
        Assert.StartsWith("rhythm: ana (fallback); energy: ana, ben", roster.Describe(), StringComparison.Ordinal);
        Assert.Equal(EnsembleRole.Rhythm, roster.ChangeRole(ben.Id, EnsembleRole.Rhythm).Role);
        Assert.StartsWith("rhythm: ben; energy: ana", roster.Describe(), StringComparison.Ordinal);
        Assert.Equal(new[] { "ana", "ben" }, roster.Members.Select(m => m.Name));   // the join order stays
    }

    [Fact]
    public void ChangeRole_ExclusiveRoleHeldByAnother_FailsNamingUpdateRoleAndChangesNothing()
    {
        var roster = new EnsembleRoster(8);
        var ana = roster.Add("ana", EnsembleRole.Rhythm);
        var ben = roster.Add("ben", EnsembleRole.Energy);

        var ex = Assert.Throws<InvalidInputException>(() => roster.ChangeRole(ben.Id, EnsembleRole.Rhythm));
        Assert.Equal("update.role", ex.Field);
        Assert.Contains("rhythm is held by 'ana'", ex.Reason, StringComparison.Ordinal);
        Assert.StartsWith("rhythm: ana; energy: ben", roster.Describe(), StringComparison.Ordinal);
        Assert.Equal(EnsembleRole.Rhythm, roster.ChangeRole(ana.Id, EnsembleRole.Rhythm).Role);   // one's own exclusive role is no conflict
    }
}
