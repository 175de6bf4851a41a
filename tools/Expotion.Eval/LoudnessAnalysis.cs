using Expotion.Music.Core.Mastering;
using NAudio.Wave;

namespace Expotion.Eval;

/// <summary>
/// Loudness as listeners' tools report it (ITU-R BS.1770 / EBU R128, what ffmpeg's <c>ebur128</c> measures),
/// by the music stage's own <see cref="LoudnessMeter"/> (tested against ffmpeg's) over every channel of the WAV.
/// </summary>
public static class LoudnessAnalysis
{
    public static LoudnessSummary Measure(string wavPath)
    {
        using var reader = new WaveFileReader(wavPath);
        var provider = reader.ToSampleProvider();
        var (rate, channels) = (provider.WaveFormat.SampleRate, provider.WaveFormat.Channels);
        if (channels is < 1 or > 2) return LoudnessSummary.Unmeasured;
        var meter = new LoudnessMeter(rate, channels);
        var buffer = new float[4096 * channels];
        int read;
        while ((read = provider.Read(buffer, 0, buffer.Length)) > 0)
            meter.Add(buffer.AsSpan(0, read - read % channels));
        return new LoudnessSummary(meter.Integrated, meter.LoudnessRange, meter.TruePeakDb);
    }
}

/// <param name="IntegratedLufs">Gated integrated loudness (LUFS); −∞ (null in JSON) for silence.</param>
/// <param name="RangeLu">Loudness range (LU, EBU Tech 3342).</param>
/// <param name="TruePeakDbtp">Largest true peak (dBTP).</param>
public sealed record LoudnessSummary(double IntegratedLufs, double RangeLu, double TruePeakDbtp)
{
    /// <summary>For audio the meter does not take (more than two channels).</summary>
    public static LoudnessSummary Unmeasured { get; } = new(double.NaN, double.NaN, double.NaN);
}
