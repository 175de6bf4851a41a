using System.Runtime.CompilerServices;
using Expotion.Core;
using Expotion.Music.Core;

namespace Expotion.Music.Tests;

/// <summary>Synthetic condition streams: motion energy that pulses at a tempo, or stays still.</summary>
internal static class Synthetic
{
    public static ConditionLayout Layout { get; } = new("vision.motion.v1", 6,
        ["motion_energy", "mean_dx", "mean_dy", "cell_0", "cell_1", "cell_2"], MotionEnergyIndex: 0);

    public static MusicSettings Settings(string prompt = "", ulong seed = 7, int chunkMs = 100, int channels = 2,
        int sampleRate = 32000, ConditionLayout? layout = null) =>
        new(prompt, seed, sampleRate, channels, chunkMs, layout ?? Layout);

    /// <summary>50 Hz energy peaking once per beat at <paramref name="bpm"/> (peaks at t = phase + k·60/bpm).</summary>
    public static float[] Pulses(double bpm, double seconds, double floor = 0.03, double amplitude = 0.2, double phaseSeconds = 0)
    {
        var n = (int)Math.Round(seconds * TimeGrid.RateHz);
        var energy = new float[n];
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / TimeGrid.RateHz - phaseSeconds;
            var c = Math.Max(0, Math.Cos(2 * Math.PI * t * bpm / 60));
            energy[i] = (float)(floor + amplitude * Math.Pow(c, 4));
        }
        return energy;
    }

    /// <summary>50 Hz energy of a strike (first 20 % of the beat) and lift, strikes at t0 + k·60/bpm; zero where <paramref name="still"/> says.</summary>
    public static float[] Strikes(double bpm, double seconds, Func<double, bool>? still = null, double restartAt = 0)
    {
        static double Lift(double phase) => phase < 0.2 ? 0.5 + 0.5 * Math.Cos(Math.PI * phase / 0.2) : 0.5 - 0.5 * Math.Cos(Math.PI * (phase - 0.2) / 0.8);
        var n = (int)Math.Round(seconds * TimeGrid.RateHz);
        var energy = new float[n];
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / TimeGrid.RateHz;
            if (still?.Invoke(t) == true) { energy[i] = 0.002f; continue; }
            var local = t >= restartAt ? t - restartAt : t;
            var p1 = local * bpm / 60 % 1.0;
            var p0 = (local - 0.02) * bpm / 60 % 1.0;
            energy[i] = (float)(0.004 + Math.Abs(Lift(p1) - Lift((p0 + 1) % 1.0)) / 0.02 * 0.03);
        }
        return energy;
    }

    /// <summary>Near-zero energy with a little deterministic jitter.</summary>
    public static float[] Still(double seconds)
    {
        var n = (int)Math.Round(seconds * TimeGrid.RateHz);
        var energy = new float[n];
        for (var i = 0; i < n; i++) energy[i] = 0.002f + 0.001f * (float)Math.Sin(i * 1.7);
        return energy;
    }

    public static Condition At(long index, float energy, int dims = 6)
    {
        var values = new float[dims];
        values[0] = energy;
        if (dims > 1) values[1] = 0.01f * (float)Math.Sin(index * 0.3);
        if (dims > 2) values[2] = 0.01f * (float)Math.Cos(index * 0.3);
        return new Condition(index, index * TimeGrid.PeriodUs, values);
    }

    public static async IAsyncEnumerable<Condition> Stream(float[] energy, long firstIndex = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < energy.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return At(firstIndex + i, energy[i]);
        }
        await Task.CompletedTask;
    }

    public static async IAsyncEnumerable<Condition> Of(IEnumerable<Condition> conditions)
    {
        foreach (var c in conditions) yield return c;
        await Task.CompletedTask;
    }
}
