using Expotion.Music.Core;
using Expotion.Music.Core.Resume;
using Expotion.Resume;

namespace Expotion.Music.Tests;

/// <summary>The music stage's resume pieces without a network: the settings fingerprint, its checks, and the output cursor.</summary>
public sealed class ResumeTests
{
    private static readonly byte[] State = Synthetic.Settings("funk", chunkMs: 100).Fingerprint("conductor");

    /// <summary>A stream's resume as the music stage opens it: a replay from condition 0, a resume time on the chunk grid.</summary>
    private static StreamResume Resumed(byte[] state, StageResumePoint? point, MusicSettings settings) =>
        new(state, point, replaysFromStart: true, checkpointEveryUs: 1_000_000, fromStepUs: settings.ChunkUs);

    [Fact]
    public void Fingerprint_SameSettings_Same_AnyChange_Different()
    {
        var settings = Synthetic.Settings("funk", seed: 7);
        var state = settings.Fingerprint("conductor");
        Assert.Equal(ConfigFingerprint.Version, state[0]);
        Assert.Equal(state, Synthetic.Settings("funk", seed: 7).Fingerprint("Conductor"));
        Assert.NotEqual(state, Synthetic.Settings("funk", seed: 8).Fingerprint("conductor"));
        Assert.NotEqual(state, Synthetic.Settings("jazz", seed: 7).Fingerprint("conductor"));
        Assert.NotEqual(state, Synthetic.Settings("funk", seed: 7, chunkMs: 50).Fingerprint("conductor"));
        Assert.NotEqual(state, settings.Fingerprint("musicgen"));
        Assert.NotEqual(state, (settings with { LoudnessTargetLufs = -20 }).Fingerprint("conductor"));
    }

    [Fact]
    public void Validate_RefusesAnotherConfig_AReplayNotFromZero_AndATimeOffTheChunkGrid()
    {
        var settings = Synthetic.Settings("funk", seed: 7, chunkMs: 100);
        var state = settings.Fingerprint("conductor");
        Assert.NotNull(Resumed(state, new StageResumePoint(state, 3_000_000, 0), settings).Point);

        var other = Synthetic.Settings("funk", seed: 9).Fingerprint("conductor");
        Assert.Equal("config.resume.state", Assert.Throws<InvalidInputException>(() => Resumed(state, new(other, 0, 0), settings)).Field);
        Assert.Equal("config.resume.replay_from_index", Assert.Throws<InvalidInputException>(() => Resumed(state, new(state, 0, 50), settings)).Field);
        Assert.Equal("config.resume.from_pts_us", Assert.Throws<InvalidInputException>(() => Resumed(state, new(state, 150_000, 0), settings)).Field);
        Assert.Equal("config.resume.from_pts_us", Assert.Throws<InvalidInputException>(() => Resumed(state, new(state, -100_000, 0), settings)).Field);
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

        var cursor = new ResumeCursor(Resumed(State, new StageResumePoint(State, 300_000, 0), Synthetic.Settings("funk", chunkMs: 100)));
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
        var cursor = new ResumeCursor(Resumed(State, null, Synthetic.Settings("funk", chunkMs: 100)));
        var sent = new List<MusicOutput>();
        foreach (var o in outputs) cursor.Admit(o, sent);
        cursor.Flush(sent);
        Assert.Equal(outputs, sent);
        Assert.Equal(0, cursor.DroppedBlocks);
    }
}
