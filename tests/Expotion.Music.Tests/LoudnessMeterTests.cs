using Expotion.Music.Core.Mastering;

namespace Expotion.Music.Tests;

/// <summary>The meter against ffmpeg's ebur128 on the same samples: within 0.5 LU integrated and 0.5 dB true peak.</summary>
public sealed class LoudnessMeterTests
{
    private const double Tolerance = 0.5;

    internal static float[] Sine(double hz, double dbfs, double seconds, int sampleRate, int channels, double phase = 0)
    {
        var amp = Math.Pow(10, dbfs / 20);
        var frames = (int)(seconds * sampleRate);
        var x = new float[frames * channels];
        for (var f = 0; f < frames; f++)
            for (var c = 0; c < channels; c++)
                x[f * channels + c] = (float)(amp * Math.Sin(2 * Math.PI * hz * f / sampleRate + phase));
        return x;
    }

    /// <summary>Pink-ish noise (Paul Kellet's filter on seeded white noise), by default with a louder and a 12 dB quieter half.</summary>
    internal static float[] PinkNoise(double seconds, int sampleRate, int channels, int seed, bool steady = false)
    {
        var rng = new Random(seed);
        var frames = (int)(seconds * sampleRate);
        var x = new float[frames * channels];
        for (var c = 0; c < channels; c++)
        {
            double b0 = 0, b1 = 0, b2 = 0;
            for (var f = 0; f < frames; f++)
            {
                var white = rng.NextDouble() * 2 - 1;
                b0 = 0.99765 * b0 + white * 0.0990460;
                b1 = 0.96300 * b1 + white * 0.2965164;
                b2 = 0.57000 * b2 + white * 1.0526913;
                var level = steady || f < frames / 2 ? 0.08 : 0.02;
                x[f * channels + c] = (float)(level * (b0 + b1 + b2 + white * 0.1848));
            }
        }
        return x;
    }

    private static LoudnessMeter Meter(float[] x, int sampleRate, int channels, int block)
    {
        var meter = new LoudnessMeter(sampleRate, channels);
        for (var i = 0; i < x.Length; i += block * channels)
            meter.Add(x.AsSpan(i, Math.Min(block * channels, x.Length - i)));
        return meter;
    }

    public static TheoryData<string, int, int> Signals => new()
    {
        { "sine1k-20", 32000, 2 },
        { "sine1k-30", 32000, 2 },
        { "sine1k-20", 32000, 1 },
        { "sine1k-20", 48000, 2 },
        { "sine5k-6", 44100, 2 },
        { "pink", 32000, 2 },
        { "pink", 32000, 1 },
        { "sine60-12", 32000, 2 },
    };

    private static float[] Signal(string name, int rate, int channels) => name switch
    {
        "sine1k-20" => Sine(1000, -20, 6, rate, channels),
        "sine1k-30" => Sine(1000, -30, 6, rate, channels),
        "sine5k-6" => Sine(5000, -6, 5, rate, channels, 0.7),
        "sine60-12" => Sine(60, -12, 5, rate, channels),
        "pink" => PinkNoise(8, rate, channels, 15),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Signals))]
    public void Integrated_AgreesWithFfmpeg_WithinHalfLu(string name, int sampleRate, int channels)
    {
        var x = Signal(name, sampleRate, channels);
        var reference = FfmpegLoudness.Measure(x, sampleRate, channels);
        var meter = Meter(x, sampleRate, channels, 3200);

        Assert.InRange(meter.Integrated, reference.IntegratedLufs - Tolerance, reference.IntegratedLufs + Tolerance);
        Assert.InRange(meter.TruePeakDb, reference.TruePeakDb - Tolerance, reference.TruePeakDb + Tolerance);
    }

    [Theory]
    [InlineData(-20.0, -20.0, 0.0)]
    [InlineData(-18.0, -30.0, 12.0)]
    [InlineData(-14.0, -20.0, 6.0)]
    public void LoudnessRange_AgreesWithFfmpeg_WithinHalfLu(double loudDbfs, double quietDbfs, double expected)
    {
        var rate = 32000;
        var x = Sine(1000, loudDbfs, 10, rate, 2).Concat(Sine(1000, quietDbfs, 10, rate, 2)).Concat(Sine(1000, loudDbfs, 10, rate, 2)).ToArray();
        var reference = FfmpegLoudness.Measure(x, rate, 2);
        var meter = Meter(x, rate, 2, 3200);

        Assert.InRange(reference.RangeLu, expected - 1, expected + 1);
        Assert.InRange(meter.LoudnessRange, reference.RangeLu - Tolerance, reference.RangeLu + Tolerance);
    }

    [Fact]
    public void LoudnessRange_Pink_AgreesWithFfmpeg_WithinHalfLu()
    {
        var x = PinkNoise(16, 32000, 2, 21);
        var reference = FfmpegLoudness.Measure(x, 32000, 2);
        Assert.InRange(Meter(x, 32000, 2, 999).LoudnessRange, reference.RangeLu - Tolerance, reference.RangeLu + Tolerance);
    }

    [Fact]
    public void Add_BlockSizes_DoNotChangeTheReading()
    {
        var x = PinkNoise(5, 32000, 2, 3);
        var a = Meter(x, 32000, 2, 3200);
        var b = Meter(x, 32000, 2, 777);

        Assert.Equal(a.Integrated, b.Integrated, 9);
        Assert.Equal(a.ShortTerm, b.ShortTerm, 9);
        Assert.Equal(a.TruePeakDb, b.TruePeakDb, 9);
    }

    [Fact]
    public void ShortTerm_AfterLoudThenQuiet_ReadsTheQuietPart()
    {
        var rate = 32000;
        var loud = Sine(1000, -10, 5, rate, 2);
        var quiet = Sine(1000, -30, 4, rate, 2);
        var meter = new LoudnessMeter(rate, 2);
        meter.Add(loud);
        var loudShortTerm = meter.ShortTerm;
        meter.Add(quiet);

        Assert.Equal(20, loudShortTerm - meter.ShortTerm, 0.1);
        Assert.True(meter.Integrated > meter.ShortTerm + 10, $"integrated {meter.Integrated:F1} gates out the quiet part (short-term {meter.ShortTerm:F1})");
    }

    [Fact]
    public void Integrated_Silence_IsSilence()
    {
        var meter = new LoudnessMeter(32000, 2);
        meter.Add(new float[32000 * 2 * 2]);

        Assert.Equal(LoudnessMeter.Silence, meter.Integrated);
        Assert.Equal(LoudnessMeter.Silence, meter.TruePeakDb);
    }
}
