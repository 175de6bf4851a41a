using System.Globalization;

namespace Expotion.Client.Media;

/// <summary>Encodes the <see cref="SamplePerformer"/> to an MP4 (H.264) with ffmpeg, once, into a cache folder.</summary>
public static class SampleVideo
{
    public static string DefaultPath => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "expotion", "sample-performer-v1.mp4");

    /// <summary>Returns the sample's path, writing it first if it is not there yet.</summary>
    public static async Task<string> EnsureAsync(string path, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (File.Exists(path)) return path;
        await WriteAsync(new SamplePerformer(), path, progress, cancellationToken);
        return path;
    }

    public static async Task WriteAsync(SamplePerformer performer, string path, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var partial = path + ".partial.mp4";
        using var process = MediaTools.Start("ffmpeg",
        [
            "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", $"{performer.Width}x{performer.Height}", "-r", performer.Fps.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-movflags", "+faststart", partial,
        ], redirectInput: true);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdin = process.StandardInput.BaseStream;
        for (var i = 0; i < performer.FrameCount; i++)
        {
            await stdin.WriteAsync(performer.Render(i), cancellationToken);
            progress?.Report((i + 1.0) / performer.FrameCount);
        }
        stdin.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new MediaException($"ffmpeg could not encode the sample video: {MediaTools.FirstLines(await stderr)}");
        File.Move(partial, path, overwrite: true);
    }
}
