using Expotion.Music.Core;
using Expotion.Music.Core.Resume;

namespace Expotion.Music.Tests;

/// <summary>The music stage's resume pieces without a network: the settings fingerprint, its checks, and the output cursor.</summary>
public sealed class ResumeTests
{
    [Fact]
    public void Fingerprint_SameSettings_Same_AnyChange_Different()
    {
        var settings = Synthetic.Settings("funk", seed: 7);
        var state = SessionFingerprint.Of("conductor", settings);
        Assert.Equal(SessionFingerprint.Version, state[0]);
        Assert.Equal(state, SessionFingerprint.Of("Conductor", Synthetic.Settings("funk", seed: 7)));
        Assert.NotEqual(state, SessionFingerprint.Of("conductor", Synthetic.Settings("funk", seed: 8)));
        Assert.NotEqual(state, SessionFingerprint.Of("conductor", Synthetic.Settings("jazz", seed: 7)));
        Assert.NotEqual(state, SessionFingerprint.Of("conductor", Synthetic.Settings("funk", seed: 7, chunkMs: 50)));
        Assert.NotEqual(state, SessionFingerprint.Of("musicgen", settings));
    }

    [Fact]
    public void Validate_RefusesAnotherConfig_AReplayNotFromZero_AndATimeOffTheChunkGrid()
    {
        var settings = Synthetic.Settings("funk", seed: 7, chunkMs: 100);
        var state = SessionFingerprint.Of("conductor", settings);
        new ResumePoint(state, 3_000_000, 0).Validate(state, settings);

        var other = SessionFingerprint.Of("conductor", Synthetic.Settings("funk", seed: 9));
        Assert.Equal("config.resume.state", Assert.Throws<InvalidInputException>(() => new ResumePoint(other, 0, 0).Validate(state, settings)).Field);
        Assert.Equal("config.resume.replay_from_index", Assert.Throws<InvalidInputException>(() => new ResumePoint(state, 0, 50).Validate(state, settings)).Field);
        Assert.Equal("config.resume.from_pts_us", Assert.Throws<InvalidInputException>(() => new ResumePoint(state, 150_000, 0).Validate(state, settings)).Field);
        Assert.Equal("config.resume.from_pts_us", Assert.Throws<InvalidInputException>(() => new ResumePoint(state, -100_000, 0).Validate(state, settings)).Field);
    }

    [Fact]
    public void Cursor_DropsBlocksBeforeTheResumeTimeWithTheirEvents_KeepsTheRestInOrder()
    {
        var outputs = new List<MusicOutput>();
        for (var k = 0; k < 5; k++)
        {
            outputs.Add(new BeatEvent(k * 100_000 + 10, k, 0, k % 4));
            outputs.Add(new DynamicsEvent(k * 100_000 + 20, 0.5f, 0.5f, 0.5f));
            outputs.Add(new AudioBlock(k * 100_000, 32000, 1, new float[3200]));
        }
        outputs.Add(new TempoEvent(500_000, 120, 1, "motion"));

        var cursor = new ResumeCursor(300_000);
        var sent = new List<MusicOutput>();
        foreach (var o in outputs) cursor.Admit(o, sent);
        cursor.Flush(sent);

        Assert.Equal(3, cursor.DroppedBlocks);
        Assert.Equal(outputs.Skip(9), sent);
    }

    [Fact]
    public void Cursor_FromZero_PassesEverything()
    {
        var outputs = new List<MusicOutput> { new BeatEvent(0, 0, 0, 0), new AudioBlock(0, 32000, 1, new float[3200]) };
        var cursor = new ResumeCursor(0);
        var sent = new List<MusicOutput>();
        foreach (var o in outputs) cursor.Admit(o, sent);
        cursor.Flush(sent);
        Assert.Equal(outputs, sent);
        Assert.Equal(0, cursor.DroppedBlocks);
    }
}
