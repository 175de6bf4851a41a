using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Expotion.V1;
using Google.Protobuf;

namespace Expotion.Client.Media;

/// <summary>
/// Reads a video file of any container/codec ffmpeg knows as a stream of RGB24 frames, scaled down
/// for analysis and resampled to a constant rate, each stamped pts = index / fps.
/// </summary>
public static class VideoFileSource
{
    public static async Task<VideoInfo> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
            throw new MediaException($"'{path}' is a directory, not a video file");
        if (!File.Exists(path))
            throw new MediaException($"video file '{path}' does not exist");
        var json = await MediaTools.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate,r_frame_rate:format=duration", "-of", "json", path],
            $"'{path}' is not a readable video", cancellationToken);
        using var doc = JsonDocument.Parse(json);
        var streams = doc.RootElement.TryGetProperty("streams", out var s) ? s : default;
        if (streams.ValueKind != JsonValueKind.Array || streams.GetArrayLength() == 0)
            throw new MediaException($"'{path}' has no video stream");
        var v = streams[0];
        var fps = ParseRate(v, "avg_frame_rate") is > 0 and var avg ? avg : ParseRate(v, "r_frame_rate");
        var duration = doc.RootElement.TryGetProperty("format", out var f) && f.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), CultureInfo.InvariantCulture, out var secs) ? secs : 0;
        var width = v.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
        var height = v.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        if (width <= 0 || height <= 0 || fps <= 0 || fps > 1000)
            throw new MediaException($"'{path}' has no usable video stream (width {width}, height {height}, {fps:F2} fps)");
        return new VideoInfo(path, width, height, fps, duration);
    }

    /// <summary>Frames of the file at <paramref name="fps"/> (0 = the file's rate, at most 30) and at most <paramref name="maxWidth"/> wide.</summary>
    public static async IAsyncEnumerable<VideoFrame> ReadAsync(VideoInfo info, double fps, int maxWidth,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rate = fps > 0 ? fps : Math.Min(info.Fps, 30);
        var (width, height) = AnalysisSize(info, maxWidth);
        using var process = MediaTools.Start("ffmpeg",
        [
            "-v", "error", "-nostdin", "-i", info.Path, "-an", "-sn",
            "-vf", string.Create(CultureInfo.InvariantCulture, $"fps={rate},scale={width}:{height}:flags=area"),
            "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        ]);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.BaseStream;
        var frameBytes = width * height * 3;
        long index = 0;
        try
        {
            while (true)
            {
                var buffer = new byte[frameBytes];
                var read = await stdout.ReadAtLeastAsync(buffer, frameBytes, throwOnEndOfStream: false, cancellationToken);
                if (read < frameBytes) break;
                yield return new VideoFrame
                {
                    PtsUs = (long)Math.Round(index++ * 1_000_000 / rate),
                    Width = width, Height = height, Format = PixelFormat.Rgb24,
                    Data = UnsafeByteOperations.UnsafeWrap(buffer),
                };
            }
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
                throw new MediaException($"ffmpeg could not decode '{info.Path}': {MediaTools.FirstLines(await stderr)}");
            if (index == 0)
                throw new MediaException($"'{info.Path}' contains no decodable video frames");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    public static (int Width, int Height) AnalysisSize(VideoInfo info, int maxWidth)
    {
        var width = Math.Min(maxWidth, info.Width) & ~1;
        var height = Math.Max(2, (int)Math.Round((double)info.Height * width / info.Width / 2) * 2);
        return (Math.Max(2, width), height);
    }

    private static double ParseRate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var value) || value.GetString() is not { } text) return 0;
        var parts = text.Split('/');
        return parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var n)
            && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var den) && den > 0 ? n / den : 0;
    }
}
