using System.Globalization;
using Expotion.Client.Media;

namespace Expotion.Eval;

/// <summary>
/// A test video with a known rhythm: a textured drumstick-and-ball figure in front of a textured wall that
/// strikes down (a fast fall, 20 % of the beat) and lifts slowly, following a script of segments, each at
/// its own tempo or still. Each moving segment starts a strike at its start. Ground truth: <see cref="BeatTimes"/>.
/// </summary>
public sealed class RhythmVideo
{
    public RhythmVideo(IReadOnlyList<RhythmSegment> script, int width = 320, int height = 240, double fps = 25)
    {
        if (script.Count == 0) throw new ArgumentException("the script is empty", nameof(script));
        Script = script;
        (Width, Height, Fps) = (width, height, fps);
    }

    public IReadOnlyList<RhythmSegment> Script { get; }
    public int Width { get; }
    public int Height { get; }
    public double Fps { get; }
    public double Seconds => Script[^1].End;
    public int FrameCount => (int)Math.Round(Seconds * Fps);

    /// <summary>Parses "90:20" (20 s at 90 BPM), "120:6,still:2,120:4" or "90:10,140:10".</summary>
    public static RhythmVideo Parse(string script)
    {
        var segments = new List<RhythmSegment>();
        var t = 0.0;
        foreach (var part in script.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length != 2 || !double.TryParse(pieces[1], CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                throw new FormatException($"'{part}': expected BPM:SECONDS or still:SECONDS");
            double bpm = 0;
            if (!pieces[0].Equals("still", StringComparison.OrdinalIgnoreCase)
                && (!double.TryParse(pieces[0], CultureInfo.InvariantCulture, out bpm) || bpm is < 30 or > 300))
                throw new FormatException($"'{part}': the tempo must be 30..300 BPM or 'still'");
            segments.Add(new RhythmSegment(t, t + seconds, bpm));
            t += seconds;
        }
        return new RhythmVideo(segments);
    }

    /// <summary>Times (s) at which a strike begins.</summary>
    public IEnumerable<double> BeatTimes()
    {
        foreach (var s in Script.Where(s => s.Bpm > 0))
            for (var t = s.Start; t < s.End - 1e-9; t += 60 / s.Bpm) yield return t;
    }

    /// <summary>Lift in 0..1 at time t (1 = raised).</summary>
    public double Lift(double t)
    {
        var s = Script.LastOrDefault(x => t >= x.Start) ?? Script[0];
        if (s.Bpm <= 0) return 1;
        var phase = (t - s.Start) * s.Bpm / 60 % 1.0;
        const double fall = 0.2;
        return phase < fall ? 0.5 + 0.5 * Math.Cos(Math.PI * phase / fall) : 0.5 - 0.5 * Math.Cos(Math.PI * (phase - fall) / (1 - fall));
    }

    public byte[] Render(int index)
    {
        var lift = Lift(index / Fps);
        var p = new byte[Width * Height * 3];
        var s = Height / 240.0;
        var (pivotX, pivotY) = (Width * 0.3, Height * 0.55);
        var angle = -0.15 + 1.2 * lift;                                  // the stick swings about its pivot
        var len = 150 * s;
        var (tipX, tipY) = (pivotX + Math.Cos(angle) * len, pivotY - Math.Sin(angle) * len);
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
        {
            var v = 0.5 + 0.2 * Math.Sin(x * 0.23 + Math.Sin(y * 0.11) * 2) + 0.12 * Math.Sin(y * 0.31 - x * 0.05);
            byte r = (byte)(60 * v + 30), g = (byte)(120 * v + 40), b = (byte)(90 * v + 40);
            // the stick: a thick textured segment from the pivot to the tip
            var (dx, dy) = (tipX - pivotX, tipY - pivotY);
            var along = ((x - pivotX) * dx + (y - pivotY) * dy) / (len * len);
            var c = Math.Clamp(along, 0, 1);
            var (ex, ey) = (pivotX + c * dx - x, pivotY + c * dy - y);
            var across = ((x - pivotX) * -dy + (y - pivotY) * dx) / len;
            if (ex * ex + ey * ey <= 81 * s * s)
            {
                var k = ((int)Math.Floor(along * len / 6) + (int)Math.Floor((across + 9) / 6)) % 2 == 0 ? 1.0 : 0.35;
                (r, g, b) = ((byte)(240 * k + 10), (byte)(200 * k + 10), (byte)(80 * k + 10));
            }
            // the ball at the tip, textured in its own frame so that it moves with it
            var (bx, by) = (x - tipX, y - tipY);
            if (bx * bx + by * by <= 26 * 26 * s * s)
            {
                var k = 0.5 + 0.5 * Math.Sin(bx * 0.55) * Math.Sin(by * 0.5);
                (r, g, b) = ((byte)(180 + 70 * k), (byte)(40 + 60 * k), (byte)(60 + 40 * k));
            }
            var i = (y * Width + x) * 3;
            (p[i], p[i + 1], p[i + 2]) = (r, g, b);
        }
        return p;
    }

    /// <summary>Encodes the video to an MP4 (H.264) with ffmpeg.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var process = MediaTools.Start("ffmpeg",
        [
            "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{Width}x{Height}",
            "-r", Fps.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", path,
        ], redirectInput: true);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdin = process.StandardInput.BaseStream;
        for (var i = 0; i < FrameCount; i++) await stdin.WriteAsync(Render(i), cancellationToken);
        stdin.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) throw new MediaException($"ffmpeg could not encode '{path}': {MediaTools.FirstLines(await stderr)}");
    }
}
