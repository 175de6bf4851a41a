using Expotion.Resume;

namespace Expotion.Core.Tests;

/// <summary>The one resume mechanism every stage uses (Expotion.Core/Resume): fingerprint, resume point, "send from", checkpoint cadence.</summary>
public sealed class ResumeTests
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
        var resume = new StreamResume(State, new StageResumePoint(State, 2_000_001, 0), replaysFromStart: true, checkpointEveryUs: 1_000_000);
        Assert.False(resume.Sends(2_000_000));
        Assert.True(resume.Sends(2_000_001));
        Assert.Equal(1, resume.Dropped);
        new StageResumePoint(State, 40_001, 7).Validate(State, replaysFromStart: false);
        new StageResumePoint(State, 300_000, 0).Validate(State, replaysFromStart: true, fromStepUs: 100_000);
    }

    [Fact]
    public void A_new_stream_sends_everything_from_zero()
    {
        var resume = new StreamResume(State, null, replaysFromStart: true, checkpointEveryUs: 1_000_000);
        Assert.Null(resume.Point);
        Assert.Equal((0L, 0L), (resume.FromPtsUs, resume.ReplayFromIndex));
        Assert.True(resume.Sends(0));
        Assert.Equal(0, resume.Dropped);
    }

    [Fact]
    public void Another_config_a_partial_replay_a_negative_time_or_one_off_the_step_is_refused()
    {
        var other = ConfigFingerprint.Of("smoothing", "schema", "4", "Centred", "20");
        Assert.Equal("config.resume.state", Assert.Throws<InvalidInputException>(() => new StageResumePoint(other, 0, 0).Validate(State, true)).Field);
        Assert.Equal("config.resume.replay_from_index", Assert.Throws<InvalidInputException>(() => new StageResumePoint(State, 0, 3).Validate(State, true)).Field);
        Assert.Equal("config.resume.replay_from_index", Assert.Throws<InvalidInputException>(() => new StageResumePoint(State, 0, -1).Validate(State, false)).Field);
        Assert.Equal("config.resume.from_pts_us", Assert.Throws<InvalidInputException>(() => new StageResumePoint(State, -5, 0).Validate(State, false)).Field);
        Assert.Equal("config.resume.from_pts_us",
            Assert.Throws<InvalidInputException>(() => new StageResumePoint(State, 150_000, 0).Validate(State, true, fromStepUs: 100_000)).Field);
        // The stream validates the point it is opened with.
        Assert.Equal("config.resume.state",
            Assert.Throws<InvalidInputException>(() => new StreamResume(State, new StageResumePoint(other, 0, 0), true, 1_000_000)).Field);
    }

    [Fact]
    public void Checkpoints_are_due_at_the_first_output_a_period_after_the_last_one()
    {
        var resume = new StreamResume(State, new StageResumePoint(State, 500_000, 0), replaysFromStart: true, checkpointEveryUs: 1_000_000);
        long[] ends = [600_000, 1_400_000, 1_500_000, 1_600_000, 2_499_999, 2_500_000, 2_600_000, 3_600_000];
        Assert.Equal([1_500_000L, 2_500_000L, 3_600_000L], ends.Where(resume.CheckpointDue));
    }

    [Fact]
    public void Checkpoints_lie_on_the_output_step_where_a_resume_may_start()
    {
        var resume = new StreamResume(State, null, replaysFromStart: true, checkpointEveryUs: 1_000_000, fromStepUs: 100_000);
        long[] ends = [900_000, 1_050_000, 1_100_000, 2_150_000, 2_200_000];   // 1_050_000 and 2_150_000: ends of short tails
        Assert.Equal([1_100_000L, 2_200_000L], ends.Where(resume.CheckpointDue));
    }

    [Fact]
    public void A_cadence_of_zero_checkpoints_after_every_output()
    {
        var resume = new StreamResume(State, null, replaysFromStart: false, checkpointEveryUs: 0);
        long[] ends = [1, 40_001, 80_001];
        Assert.All(ends, e => Assert.True(resume.CheckpointDue(e)));
    }
}
