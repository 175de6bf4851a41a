using Expotion.Gateway.Core.Ensemble;

namespace Expotion.Gateway.Tests.Ensemble;

public sealed class RoleMergeTests
{
    // A tiny layout with every group: two motion cells, the motion energy, a face and a pose group.
    private static readonly string[] Names = ["cell0_0.mag", "motion_energy", "face.present", "face.valence", "pose.present", "pose.l_wrist.y"];

    private static float[] Row(float energy, float face = 0, float valence = 0, float pose = 0, float wrist = 0) =>
        [energy * 2, energy, face, valence, pose, wrist];

    [Fact]
    public void Merge_RhythmAndEnergyMembers_ShapeFromRhythmLevelFromEnergy()
    {
        var roster = new EnsembleRoster(8);
        var rhythm = roster.Add("ana", EnsembleRole.Rhythm);
        var energy = roster.Add("ben", EnsembleRole.Energy);
        var merge = new RoleMerge(Names.Length, Names, motionEnergyIndex: 1);
        // Ana moves at level 0.1, Ben at 0.4: the merged motion is Ana's pattern, four times as strong.
        for (var i = 0; i < 500; i++)
        {
            merge.Observe(rhythm.Id, Row(0.1f));
            merge.Observe(energy.Id, Row(0.4f));
        }

        var merged = merge.Merge(new Dictionary<int, float[]> { [rhythm.Id] = Row(0.05f), [energy.Id] = Row(0.4f) }, roster);

        Assert.Equal(0.05f * 4, merged[1], 0.01f);
        Assert.Equal(0.1f * 4, merged[0], 0.02f);
    }

    [Fact]
    public void Merge_RhythmMemberStill_EnergyMembersCarryTheMotion()
    {
        var roster = new EnsembleRoster(8);
        var rhythm = roster.Add("ana", EnsembleRole.Rhythm);
        var energy = roster.Add("ben", EnsembleRole.Energy);
        var merge = new RoleMerge(Names.Length, Names, 1);
        merge.Observe(rhythm.Id, Row(0));
        merge.Observe(energy.Id, Row(0.3f));

        var merged = merge.Merge(new Dictionary<int, float[]> { [rhythm.Id] = Row(0), [energy.Id] = Row(0.3f) }, roster);

        Assert.Equal(0.3f, merged[1], 1e-6f);
    }

    [Fact]
    public void Merge_FaceAndPose_FromTheHarmonyAndMelodyMembersWhenSeen()
    {
        var roster = new EnsembleRoster(8);
        var ana = roster.Add("ana", EnsembleRole.Rhythm);
        var ben = roster.Add("ben", EnsembleRole.Harmony);
        var cy = roster.Add("cy", EnsembleRole.Melody);
        var merge = new RoleMerge(Names.Length, Names, 1);
        var rows = new Dictionary<int, float[]>
        {
            [ana.Id] = Row(0.1f, face: 1, valence: -0.9f, pose: 1, wrist: 5),
            [ben.Id] = Row(0.1f, face: 1, valence: 0.7f),
            [cy.Id] = Row(0.1f, pose: 1, wrist: -2),
        };

        var merged = merge.Merge(rows, roster);
        Assert.Equal((1f, 0.7f, 1f, -2f), (merged[2], merged[3], merged[4], merged[5]));

        // Ben's face is lost: harmony has no other holder and falls back to nobody seen through it, so the face slots stay empty
        // rather than borrowing a face the roles did not give it.
        rows[ben.Id] = Row(0.1f);
        merged = merge.Merge(rows, roster);
        Assert.Equal((0f, 0f), (merged[2], merged[3]));
    }

    [Fact]
    public void Merge_NoMembersWithRows_IsSilence()
    {
        var roster = new EnsembleRoster(8);
        roster.Add("ana", null);
        var merged = new RoleMerge(Names.Length, Names, 1).Merge(new Dictionary<int, float[]>(), roster);
        Assert.All(merged, v => Assert.Equal(0f, v));
    }
}
