using Expotion.Resume;

namespace Expotion.Smoothing.Tests;

/// <summary>The resume state and point shared by the replaying stages (Expotion.Core/Resume), used by smoothing and vision.</summary>
public sealed class StageResumePointTests
{
    private static readonly byte[] State = ConfigFingerprint.Of("smoothing", "schema", "4", "Causal", "20");

    [Fact]
    public void Fingerprint_is_versioned_and_depends_on_the_stage_and_every_setting()
    {
        Assert.Equal(1 + 32, State.Length);
        Assert.Equal(ConfigFingerprint.Version, State[0]);
        Assert.Equal(State, ConfigFingerprint.Of("smoothing", "schema", "4", "Causal", "20"));
        Assert.NotEqual(State, ConfigFingerprint.Of("vision", "schema", "4", "Causal", "20"));
        Assert.NotEqual(State, ConfigFingerprint.Of("smoothing", "schema", "4", "Causal", "21"));
        Assert.NotEqual(ConfigFingerprint.Of("smoothing", "a", "b"), ConfigFingerprint.Of("smoothing", "a\nb"));   // settings cannot run into each other
    }

    [Fact]
    public void A_point_with_the_same_state_is_accepted_and_sends_only_from_its_time()
    {
        var point = new StageResumePoint(State, 2_000_001, 0);
        point.Validate(State, replaysFromStart: true);
        Assert.False(point.Sends(2_000_000));
        Assert.True(point.Sends(2_000_001));
        new StageResumePoint(State, 40_001, 7).Validate(State, replaysFromStart: false);
    }

    [Fact]
    public void Another_config_a_partial_replay_or_a_negative_time_is_refused()
    {
        var other = ConfigFingerprint.Of("smoothing", "schema", "4", "Centred", "20");
        Assert.Equal("config.resume.state", Assert.Throws<InvalidInputException>(() => new StageResumePoint(other, 0, 0).Validate(State, true)).Field);
        Assert.Equal("config.resume.replay_from_index", Assert.Throws<InvalidInputException>(() => new StageResumePoint(State, 0, 3).Validate(State, true)).Field);
        Assert.Equal("config.resume.replay_from_index", Assert.Throws<InvalidInputException>(() => new StageResumePoint(State, 0, -1).Validate(State, false)).Field);
        Assert.Equal("config.resume.from_pts_us", Assert.Throws<InvalidInputException>(() => new StageResumePoint(State, -5, 0).Validate(State, false)).Field);
    }
}
