using Expotion.Music.Core;
using Expotion.Music.Core.Mastering;

namespace Expotion.Music.Tests;

/// <summary>The conductor's output through the master bus, as the music stage sends it; judged by ffmpeg's ebur128.</summary>
public sealed class MasteredStreamTests
{
    private static async Task<(List<MusicOutput> Raw, List<MusicOutput> Mastered, MasteredStream Stream)> MasterAsync(MusicSettings settings, float[] energy)
    {
        var raw = await Run.CollectAsync(settings, energy);
        var copy = raw.Select(o => o is AudioBlock b ? b with { Samples = (float[])b.Samples.Clone() } : o).ToList();
        var stream = new MasteredStream(settings);
        var mastered = await stream.MasterAsync(copy.ToAsyncEnumerable(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        return (raw, mastered, stream);
    }

    private static float[] Audio(IEnumerable<MusicOutput> outputs) => [.. outputs.OfType<AudioBlock>().SelectMany(b => b.Samples)];

    [Fact]
    public async Task Conductor_Motion_ReachesMinusFourteenLufs_UnderMinusOneDbtp()
    {
        var settings = Synthetic.Settings("upbeat funk with bass and drums");
        var (raw, mastered, _) = await MasterAsync(settings, Synthetic.Pulses(110, 24, amplitude: 0.4));

        var before = FfmpegLoudness.Measure(Audio(raw), settings.SampleRate, settings.Channels);
        var after = FfmpegLoudness.Measure(Audio(mastered), settings.SampleRate, settings.Channels);

        Assert.True(Math.Abs(before.IntegratedLufs - MasterBus.DefaultTargetLufs) > 1.5, $"the raw conductor is off the target ({before.IntegratedLufs:F1} LUFS)");
        Assert.InRange(after.IntegratedLufs, MasterBus.DefaultTargetLufs - 1, MasterBus.DefaultTargetLufs + 1);
        Assert.True(after.TruePeakDb <= -1, $"true peak {after.TruePeakDb:F1} dBTP");
    }

    [Fact]
    public async Task AnotherTarget_IsReached()
    {
        var settings = Synthetic.Settings("jazz") with { LoudnessTargetLufs = -20 };
        var (_, mastered, _) = await MasterAsync(settings, Synthetic.Pulses(120, 20, amplitude: 0.4));

        var after = FfmpegLoudness.Measure(Audio(mastered), settings.SampleRate, settings.Channels);
        Assert.InRange(after.IntegratedLufs, -21, -19);
        Assert.True(after.TruePeakDb <= -1, $"true peak {after.TruePeakDb:F1} dBTP");
    }

    [Fact]
    public async Task Blocks_KeepTheirTimesAndSizes_HeardEventsMoveByTheLookAhead()
    {
        var settings = Synthetic.Settings("pop");
        var (raw, mastered, stream) = await MasterAsync(settings, Synthetic.Pulses(100, 6));

        Assert.Equal(5500, stream.LatencyUs);   // 5 ms look-ahead + 16 detector frames at 32 kHz
        var rawBlocks = raw.OfType<AudioBlock>().ToList();
        var blocks = mastered.OfType<AudioBlock>().ToList();
        Assert.Equal(rawBlocks.Select(b => (b.PtsUs, b.Frames)), blocks.Select(b => (b.PtsUs, b.Frames)));

        var rawEvents = raw.Where(o => o is not AudioBlock).ToList();
        var events = mastered.Where(o => o is not AudioBlock).ToList();
        Assert.Equal(rawEvents.Select(e => e.GetType()), events.Select(e => e.GetType()));
        Assert.Contains(events, e => e is BeatEvent);
        Assert.All(rawEvents.Zip(events), p => Assert.Equal(
            p.First.PtsUs + (p.First is BeatEvent or ChordEvent or DynamicsEvent ? stream.LatencyUs : 0), p.Second.PtsUs));
    }

    [Fact]
    public async Task SameStream_MasteredTwice_IsSampleIdentical()
    {
        var settings = Synthetic.Settings("electronic", seed: 3);
        var energy = Synthetic.Pulses(124, 8).Concat(Synthetic.Still(3)).Concat(Synthetic.Pulses(124, 4)).ToArray();
        var (_, first, _) = await MasterAsync(settings, energy);
        var (_, second, _) = await MasterAsync(settings, energy);

        Assert.Equal(Audio(first), Audio(second));
    }

    [Theory]
    [InlineData(-30.5)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void Settings_LoudnessOutsideTheRange_NameTheSetting(double lufs)
    {
        var settings = Synthetic.Settings() with { LoudnessTargetLufs = lufs };
        Assert.Equal("loudness_target_lufs", Assert.Throws<InvalidInputException>(settings.Validate).Field);
    }
}
