using Expotion.Music.Core.Mastering;

namespace Expotion.Music.Tests;

/// <summary>The master bus and its limiter, judged by ffmpeg's ebur128 on what comes out.</summary>
public sealed class MasterBusTests
{
    private const int Rate = 32000;
    private const int Channels = 2;
    private const int Chunk = Rate / 10 * Channels;

    private static float[] Master(float[] x, MasterBus bus)
    {
        var y = (float[])x.Clone();
        for (var i = 0; i < y.Length; i += Chunk) bus.Process(y.AsSpan(i, Math.Min(Chunk, y.Length - i)));
        return y;
    }

    private static float[] Concat(params float[][] parts) => [.. parts.SelectMany(p => p)];

    [Fact]
    public void Limiter_HotSignal_NeverExceedsMinusOneDbtp()
    {
        var hot = Concat(
            LoudnessMeterTests.PinkNoise(4, Rate, Channels, 7).Select(s => s * 12).ToArray(),
            LoudnessMeterTests.Sine(7900, 0, 2, Rate, Channels, 0.3).Select(s => s * 2).ToArray(),
            LoudnessMeterTests.Sine(110, 6, 2, Rate, Channels));
        var before = FfmpegLoudness.Measure(hot, Rate, Channels);
        var limiter = new LookAheadLimiter(Rate, Channels);
        var y = (float[])hot.Clone();
        for (var i = 0; i < y.Length; i += 999 * Channels) limiter.Process(y.AsSpan(i, Math.Min(999 * Channels, y.Length - i)));

        var after = FfmpegLoudness.Measure(y, Rate, Channels);
        Assert.True(before.TruePeakDb > 3, $"the input is hot ({before.TruePeakDb:F1} dBTP)");
        Assert.True(after.TruePeakDb <= -1, $"true peak {after.TruePeakDb:F1} dBTP after the limiter");
    }

    [Fact]
    public void Limiter_QuietSignal_PassesUnchangedButDelayed()
    {
        var x = LoudnessMeterTests.Sine(440, -12, 1, Rate, Channels);
        var limiter = new LookAheadLimiter(Rate, Channels);
        var y = (float[])x.Clone();
        limiter.Process(y);

        var lag = limiter.LatencyFrames * Channels;
        for (var i = lag; i < y.Length; i++) Assert.Equal(x[i - lag], y[i]);
    }

    [Fact]
    public void Process_QuietSignal_LandsNearTheTarget()
    {
        var quiet = LoudnessMeterTests.PinkNoise(20, Rate, Channels, 11, steady: true).Select(s => s * 0.05f).ToArray();
        var before = FfmpegLoudness.Measure(quiet, Rate, Channels);

        var after = FfmpegLoudness.Measure(Master(quiet, new MasterBus(Rate, Channels)), Rate, Channels);

        Assert.True(before.IntegratedLufs < -35, $"the input is quiet ({before.IntegratedLufs:F1} LUFS)");
        Assert.InRange(after.IntegratedLufs, MasterBus.DefaultTargetLufs - 1, MasterBus.DefaultTargetLufs + 1);
        Assert.True(after.TruePeakDb <= -1, $"true peak {after.TruePeakDb:F1} dBTP");
    }

    [Fact]
    public void Process_HotSignal_ComesDownToTheTarget()
    {
        var hot = LoudnessMeterTests.PinkNoise(20, Rate, Channels, 12, steady: true).Select(s => s * 6f).ToArray();

        var after = FfmpegLoudness.Measure(Master(hot, new MasterBus(Rate, Channels, -16)), Rate, Channels);

        Assert.InRange(after.IntegratedLufs, -17, -15);
        Assert.True(after.TruePeakDb <= -1, $"true peak {after.TruePeakDb:F1} dBTP");
    }

    [Fact]
    public void Process_StillnessBetweenMotion_QuieterButWithinTenLu()
    {
        var motion = LoudnessMeterTests.Sine(220, -20, 10, Rate, Channels);
        var still = LoudnessMeterTests.Sine(220, -45, 10, Rate, Channels);
        var y = Master(Concat(motion, still), new MasterBus(Rate, Channels));

        var meter = new LoudnessMeter(Rate, Channels);
        meter.Add(y.AsSpan(0, 10 * Rate * Channels));
        var motionLoudness = meter.ShortTerm;
        meter.Add(y.AsSpan(10 * Rate * Channels));
        var stillLoudness = meter.ShortTerm;

        Assert.InRange(motionLoudness, MasterBus.DefaultTargetLufs - 1, MasterBus.DefaultTargetLufs + 1);
        Assert.True(stillLoudness < motionLoudness - 4, $"stillness {stillLoudness:F1} LUFS is quieter than motion {motionLoudness:F1}");
        Assert.True(stillLoudness >= MasterBus.DefaultTargetLufs - MasterBus.MaxBelowLu - 0.5, $"stillness {stillLoudness:F1} LUFS stays within 10 LU of the target");
    }
}
