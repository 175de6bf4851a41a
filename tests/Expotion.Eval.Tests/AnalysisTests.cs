using Expotion.Eval;

namespace Expotion.Eval.Tests;

/// <summary>The audio and motion analysis on synthetic signals with known beats and tempo.</summary>
public sealed class AnalysisTests
{
    /// <summary>Decaying noise bursts (a kick-like click) at <paramref name="times"/>, 32 kHz mono.</summary>
    private static float[] Clicks(IEnumerable<double> times, double seconds, int rate = 32000)
    {
        var x = new float[(int)(seconds * rate)];
        var rng = new Random(3);
        foreach (var t in times)
        {
            var start = (int)Math.Round(t * rate);
            for (var i = 0; i < rate / 10 && start + i < x.Length; i++)
                x[start + i] += (float)(0.6 * Math.Exp(-i / (0.015 * rate)) * (rng.NextDouble() * 2 - 1));
        }
        for (var i = 0; i < x.Length; i++) x[i] += (float)(0.002 * (rng.NextDouble() * 2 - 1));
        return x;
    }

    private static List<double> Grid(double bpm, double from, double to) =>
        Enumerable.Range(0, 1000).Select(k => from + k * 60 / bpm).Where(t => t < to).ToList();

    [Theory]
    [InlineData(90.0)]
    [InlineData(120.0)]
    [InlineData(140.0)]
    public void AudioAnalyzer_ClickTrack_FindsItsBeatsAndTempo(double bpm)
    {
        var truth = Grid(bpm, 0.3, 11.5);
        var track = AudioAnalyzer.Analyze(Clicks(truth, 12), 32000);
        var score = BeatMetrics.Score(truth, track.Beats);
        Assert.True(score.F >= 0.95, $"F {score.F:F2}: {string.Join(", ", track.Beats.Select(b => b.ToString("F3")))}");
        Assert.InRange(score.MeanOffset, -0.015, 0.015);
        Assert.InRange(track.Bpm, bpm * 0.98, bpm * 1.02);
        Assert.True(BeatMetrics.Score(truth, track.Onsets).Recall >= 0.95);
    }

    [Fact]
    public void TempoEstimator_PulseEnvelope_WithinOnePercent()
    {
        foreach (var bpm in new[] { 75.0, 100.0, 133.0, 160.0 })
        {
            var env = new float[1000];
            for (var i = 0; i < env.Length; i++) env[i] = (float)Math.Pow(Math.Max(0, Math.Cos(2 * Math.PI * i / 100.0 * bpm / 60)), 8);
            var (estimate, _) = TempoEstimator.Estimate(env, 100, priorBpm: bpm);
            Assert.InRange(estimate, bpm * 0.99, bpm * 1.01);
        }
    }

    /// <summary>Motion energy of a strike (fast fall) and slow lift at 25 fps, still from 6 to 8 s.</summary>
    private static (List<double> Times, List<float> Energy) Strikes(double bpm, double seconds)
    {
        static double Lift(double phase) => phase < 0.2 ? 0.5 + 0.5 * Math.Cos(Math.PI * phase / 0.2) : 0.5 - 0.5 * Math.Cos(Math.PI * (phase - 0.2) / 0.8);
        var times = new List<double>();
        var energy = new List<float>();
        for (var i = 0; i < seconds * 100; i++)
        {
            var t = i / 100.0;
            times.Add(t);
            energy.Add(t is >= 6 and < 8 ? 0.001f : (float)(Math.Abs(Lift(t * bpm / 60 % 1) - Lift(((t - 0.01) * bpm / 60 % 1 + 1) % 1)) / 0.01 * 0.05));
        }
        return (times, energy);
    }

    [Theory]
    [InlineData(90.0)]
    [InlineData(120.0)]
    public void MotionTrack_StrikeAndLift_BeatsOnTheStrikesNotTheLift(double bpm)
    {
        var (times, energy) = Strikes(bpm, 14);
        var motion = MotionTrack.Analyze(times, energy);
        // The strike's speed peaks a tenth of a beat after it starts.
        var truth = Grid(bpm, 0.1 * 60 / bpm, 14).Where(t => t is < 6 or >= 8).ToList();
        var score = BeatMetrics.Score(truth, motion.Beats, 0.03);
        Assert.True(score.F >= 0.9, $"F {score.F:F2}: {string.Join(", ", motion.Beats.Select(b => b.ToString("F3")))}");
        Assert.InRange(motion.Bpm, bpm * 0.98, bpm * 1.02);
        Assert.Contains(motion.Active, s => s.End is > 5.7 and < 6.5);
        Assert.Contains(motion.Active, s => s.Start is > 7.5 and < 8.3);
    }

    [Fact]
    public void Pearson_KnownSignals()
    {
        var x = Enumerable.Range(0, 100).Select(i => (float)Math.Sin(i * 0.2)).ToArray();
        var lagged = Enumerable.Range(0, 100).Select(i => (float)Math.Sin((i - 5) * 0.2)).ToArray();
        Assert.Equal(1, Evaluator.Pearson(x, x, 0), 6);
        Assert.Equal(-1, Evaluator.Pearson(x, x.Select(v => -v).ToArray(), 0), 6);
        Assert.Equal(1, Evaluator.Pearson(x, lagged, 5), 6);
    }

    [Fact]
    public void Loudness_OfAWav_IsTheBs1770Reading()
    {
        // A 1 kHz sine at -20 dBFS in both channels reads -20 LUFS (BS.1770's calibration), flat: range 0, peak -20.
        const int rate = 32000;
        var path = Path.Combine(Path.GetTempPath(), $"expotion-eval-loudness-{Guid.NewGuid():N}.wav");
        try
        {
            using (var w = new NAudio.Wave.WaveFileWriter(path, NAudio.Wave.WaveFormat.CreateIeeeFloatWaveFormat(rate, 2)))
                for (var f = 0; f < rate * 8; f++)
                {
                    var x = (float)(0.1 * Math.Sin(2 * Math.PI * 1000 * f / rate));
                    w.WriteSample(x);
                    w.WriteSample(x);
                }
            var loudness = LoudnessAnalysis.Measure(path);
            Assert.Equal(-20, loudness.IntegratedLufs, 0.3);
            Assert.Equal(0, loudness.RangeLu, 0.3);
            Assert.Equal(-20, loudness.TruePeakDbtp, 0.3);
        }
        finally { File.Delete(path); }
    }
}
