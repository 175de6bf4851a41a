using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Expotion.Music.Tests;

/// <summary>The referee: ffmpeg's ebur128 filter (installed by scripts/setup.sh) on a float WAV written here.</summary>
internal static partial class FfmpegLoudness
{
    public sealed record Reading(double IntegratedLufs, double TruePeakDb, double RangeLu);

    public static void WriteWav(string path, float[] interleaved, int sampleRate, int channels)
    {
        using var w = new BinaryWriter(File.Create(path));
        var data = interleaved.Length * 4;
        w.Write("RIFF"u8); w.Write(36 + data); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)3); w.Write((short)channels);
        w.Write(sampleRate); w.Write(sampleRate * channels * 4); w.Write((short)(channels * 4)); w.Write((short)32);
        w.Write("data"u8); w.Write(data);
        foreach (var s in interleaved) w.Write(s);
    }

    public static Reading Measure(float[] interleaved, int sampleRate, int channels)
    {
        var path = Path.Combine(Path.GetTempPath(), $"expotion-loudness-{Guid.NewGuid():N}.wav");
        try
        {
            WriteWav(path, interleaved, sampleRate, channels);
            return MeasureFile(path);
        }
        finally { File.Delete(path); }
    }

    public static Reading MeasureFile(string path)
    {
        var psi = new ProcessStartInfo("ffmpeg", ["-nostats", "-hide_banner", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        Process ffmpeg;
        try { ffmpeg = Process.Start(psi)!; }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("ffmpeg is not on PATH; scripts/setup.sh installs it (the loudness tests need it as the referee)", e);
        }
        using (ffmpeg)
        {
            _ = ffmpeg.StandardOutput.ReadToEndAsync();
            var stderr = ffmpeg.StandardError.ReadToEnd();
            ffmpeg.WaitForExit();
            if (ffmpeg.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed on {path}: {stderr}");
            var summary = stderr[stderr.LastIndexOf("Summary:", StringComparison.Ordinal)..];
            return new Reading(Number(IntegratedLine().Match(summary)), Number(PeakLine().Match(summary)), Number(RangeLine().Match(summary)));
        }
    }

    private static double Number(Match m) =>
        m.Success ? (m.Groups[1].Value == "-inf" ? double.NegativeInfinity : double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
                  : throw new InvalidOperationException("ffmpeg's ebur128 summary lacks a value");

    [GeneratedRegex(@"I:\s+(-?[0-9.]+|-inf)\s+LUFS")]
    private static partial Regex IntegratedLine();

    [GeneratedRegex(@"LRA:\s+(-?[0-9.]+)\s+LU\b")]
    private static partial Regex RangeLine();

    [GeneratedRegex(@"Peak:\s+(-?[0-9.]+|-inf)\s+dBFS")]
    private static partial Regex PeakLine();
}
