using Expotion.Resume;

namespace Expotion.Core.Tests;

/// <summary>The one resume mechanism every stage uses (Expotion.Core/Resume): fingerprint, resume point, "send from", checkpoint cadence.</summary>
public sealed class ResumeTests
{
    private static readonly byte[] State = ConfigFingerprint.Of("smoothing", "schema", "4", "Causal", "20");

    [Fact]
    public void ConfigFingerprint_StageAndSettings_IsVersionedAndDependsOnEach()
    {
        Assert.Equal(1 + 32, State.Length);
        Assert.Equal(ConfigFingerprint.Version, State[0]);
        Assert.Equal(State, ConfigFingerprint.Of("smoothing", "schema", "4", "Causal", "20"));
        Assert.NotEqual(State, ConfigFingerprint.Of("vision", "schema", "4", "Causal", "20"));
        Assert.NotEqual(State, ConfigFingerprint.Of("smoothing", "schema", "4", "Causal", "21"));
        Assert.NotEqual(ConfigFingerprint.Of("smoothing", "a", "b"), ConfigFingerprint.Of("smoothing", "a\nb"));   // settings cannot run into each other
    }

    [Fact]
    public void Sends_ResumePointWithTheSameState_IsAcceptedAndSendsOnlyFromItsTime()
    {
        var resume = new StreamResume(State, new StageResumePoint(State, 2_000_001, 0), replaysFromStart: true, checkpointEveryUs: 1_000_000);
        Assert.False(resume.Sends(2_000_000));
        Assert.True(resume.Sends(2_000_001));
        Assert.Equal(1, resume.Dropped);
        new StageResumePoint(State, 40_001, 7).Validate(State, replaysFromStart: false);
        new StageResumePoint(State, 300_000, 0).Validate(State, replaysFromStart: true, fromStepUs: 100_000);
    }

    [Fact]
    public void Sends_NewStream_EverythingFromZero()
    {
        var resume = new StreamResume(State, null, replaysFromStart: true, checkpointEveryUs: 1_000_000);
        Assert.Null(resume.Point);
        Assert.Equal((0L, 0L), (resume.FromPtsUs, resume.ReplayFromIndex));
        Assert.True(resume.Sends(0));
        Assert.Equal(0, resume.Dropped);
    }

    [Fact]
    public void ResumePoint_OtherConfigPartialReplayNegativeTimeOrOffTheStep_IsRefused()
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
    public void CheckpointDue_OutputsOverTime_DueAtTheFirstOutputAPeriodAfterTheLastCheckpoint()
    {
        var resume = new StreamResume(State, new StageResumePoint(State, 500_000, 0), replaysFromStart: true, checkpointEveryUs: 1_000_000);
        long[] ends = [600_000, 1_400_000, 1_500_000, 1_600_000, 2_499_999, 2_500_000, 2_600_000, 3_600_000];
        Assert.Equal([1_500_000L, 2_500_000L, 3_600_000L], ends.Where(resume.CheckpointDue));
    }

    [Fact]
    public void CheckpointDue_OutputStep_OnlyOnTheStepWhereAResumeMayStart()
    {
        var resume = new StreamResume(State, null, replaysFromStart: true, checkpointEveryUs: 1_000_000, fromStepUs: 100_000);
        long[] ends = [900_000, 1_050_000, 1_100_000, 2_150_000, 2_200_000];   // 1_050_000 and 2_150_000: ends of short tails
        Assert.Equal([1_100_000L, 2_200_000L], ends.Where(resume.CheckpointDue));
    }

    [Fact]
    public void CheckpointDue_CadenceZero_AfterEveryOutput()
    {
        var resume = new StreamResume(State, null, replaysFromStart: false, checkpointEveryUs: 0);
        long[] ends = [1, 40_001, 80_001];
        Assert.All(ends, e => Assert.True(resume.CheckpointDue(e)));
    }
}
