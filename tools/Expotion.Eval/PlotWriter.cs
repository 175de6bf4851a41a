using SkiaSharp;

namespace Expotion.Eval;

/// <summary>
/// A PNG of one evaluation, four lanes over a shared time axis: motion energy with motion beats (and still
/// spans shaded); audio loudness and onset strength with detected audio beats (green: matched a motion beat);
/// tempo over time (motion vs audio); chords.
/// </summary>
public static class PlotWriter
{
    private const int Width = 1600, Left = 90, Right = 20, LaneHeight = 170, Top = 50, Gap = 30;

    public static void Write(string path, EvalReport report, MotionTrack motion, AudioTrack audio)
    {
        var height = Top + 4 * (LaneHeight + Gap) + 30;
        using var surface = SKSurface.Create(new SKImageInfo(Width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = LoadTypeface();
        using var font = new SKFont(typeface, 15);
        using var small = new SKFont(typeface, 12);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var duration = Math.Max(0.1, report.Duration);
        float X(double t) => (float)(Left + (Width - Left - Right) * Math.Clamp(t / duration, 0, 1));

        canvas.DrawText($"{Path.GetFileName(report.Video)} → {Path.GetFileName(report.Audio)}   beat F {report.Beat.F:F2} " +
            $"(P {report.Beat.Precision:F2} R {report.Beat.Recall:F2}, offset {Ms(report.Beat.MeanOffset)})   tempo motion {report.Tempo.MotionBpm:F1} / audio {report.Tempo.AudioBpm:F1} BPM " +
            $"({report.Tempo.WindowsWithin4Percent:P0} of windows within 4 %)   energy r {report.Energy.Correlation:F2}", Left, 30, font, ink);

        for (var lane = 0; lane < 4; lane++)
        {
            var y0 = Top + lane * (LaneHeight + Gap);
            using var frame = new SKPaint { Color = SKColors.Gray, Style = SKPaintStyle.Stroke };
            canvas.DrawRect(Left, y0, Width - Left - Right, LaneHeight, frame);
            using var still = new SKPaint { Color = new SKColor(0, 0, 0, 18) };
            var last = 0.0;
            foreach (var s in motion.Active.Append(new TimeSpanS(duration, duration)))
            {
                if (s.Start > last) canvas.DrawRect(X(last), y0, X(s.Start) - X(last), LaneHeight, still);
                last = s.End;
            }
            for (var t = 0; t <= duration; t++)
            {
                using var grid = new SKPaint { Color = new SKColor(0, 0, 0, 30) };
                canvas.DrawLine(X(t), y0, X(t), y0 + LaneHeight, grid);
                if (lane == 3) canvas.DrawText($"{t}s", X(t) - 8, y0 + LaneHeight + 16, small, ink);
            }
        }

        // Lane 0: motion energy and motion beats.
        var y = Top;
        canvas.DrawText("motion energy", 6, y + 16, small, ink);
        DrawCurve(canvas, motion.Energy, duration, X, y, SKColors.SteelBlue);
        Ticks(canvas, motion.Beats, X, y, SKColors.DarkBlue, 3);

        // Lane 1: loudness and onset strength, audio beats.
        y = Top + LaneHeight + Gap;
        canvas.DrawText("audio", 6, y + 16, small, ink);
        canvas.DrawText("loudness", 6, y + 32, small, new SKPaint { Color = SKColors.DarkOrange });
        canvas.DrawText("onsets", 6, y + 48, small, new SKPaint { Color = SKColors.Gray });
        DrawCurve(canvas, audio.OnsetStrength, duration, X, y, new SKColor(150, 150, 150));
        DrawCurve(canvas, audio.LoudnessDb, duration, X, y, SKColors.DarkOrange);
        foreach (var b in audio.Beats)
        {
            var matched = motion.Beats.Any(m => Math.Abs(m - b) <= report.ToleranceSeconds);
            Ticks(canvas, [b], X, y, matched ? SKColors.ForestGreen : SKColors.Crimson, 3);
        }
        Ticks(canvas, motion.Beats, X, y + LaneHeight - 20, SKColors.DarkBlue, 2, 20);

        // Lane 2: tempo over time.
        y = Top + 2 * (LaneHeight + Gap);
        canvas.DrawText("tempo", 6, y + 16, small, ink);
        const double lo = 50, hi = 200;
        float Yt(double bpm) => (float)(y + LaneHeight - (bpm - lo) / (hi - lo) * LaneHeight);
        foreach (var bpm in new[] { 60, 90, 120, 150, 180 })
            canvas.DrawText($"{bpm}", Left - 30, Yt(bpm) + 4, small, ink);
        using (var mp = new SKPaint { Color = SKColors.DarkBlue, IsAntialias = true })
            foreach (var p in motion.TempoOverTime.Where(p => double.IsFinite(p.Bpm))) canvas.DrawCircle(X(p.Time), Yt(p.Bpm), 5, mp);
        using (var ap = new SKPaint { Color = SKColors.DarkOrange, IsAntialias = true })
            for (var i = 0; i + 1 < audio.Beats.Count; i++)
            {
                var bpm = 60 / (audio.Beats[i + 1] - audio.Beats[i]);
                if (bpm is > lo and < hi) canvas.DrawCircle(X(audio.Beats[i + 1]), Yt(bpm), 2.5f, ap);
            }
        canvas.DrawText("motion (8 s windows)", Left + 10, y + 16, small, new SKPaint { Color = SKColors.DarkBlue });
        canvas.DrawText("audio (beat intervals)", Left + 170, y + 16, small, new SKPaint { Color = SKColors.DarkOrange });

        // Lane 3: chords.
        y = Top + 3 * (LaneHeight + Gap);
        canvas.DrawText("chords", 6, y + 16, small, ink);
        var chords = report.Chords;
        for (var i = 0; i < chords.Count; i++)
        {
            var end = i + 1 < chords.Count ? chords[i + 1].Time : duration;
            using var box = new SKPaint { Color = ChordColour(chords[i].Name) };
            canvas.DrawRect(X(chords[i].Time), y + 50, Math.Max(1, X(end) - X(chords[i].Time) - 2), 60, box);
            canvas.DrawText(chords[i].Name, X(chords[i].Time) + 4, y + 85, font, ink);
        }
        if (chords.Count == 0) canvas.DrawText("(no chord events: compose with `expotion eval --compose` to see them)", Left + 10, y + 85, font, ink);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    private static string Ms(double seconds) => double.IsFinite(seconds) ? $"{seconds * 1000:+0;-0} ms" : "n/a";

    private static void DrawCurve(SKCanvas canvas, Envelope env, double duration, Func<double, float> x, float y0, SKColor colour)
    {
        if (env.Values.Length == 0) return;
        var min = env.Values.Min();
        var max = env.Values.Max();
        if (max - min < 1e-9) max = min + 1;
        using var path = new SKPath();
        for (var i = 0; i < env.Values.Length; i++)
        {
            var t = env.TimeOf(i);
            if (t > duration) break;
            var py = (float)(y0 + LaneHeight - 6 - (env.Values[i] - min) / (max - min) * (LaneHeight - 30));
            if (i == 0) path.MoveTo(x(t), py); else path.LineTo(x(t), py);
        }
        using var paint = new SKPaint { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true };
        canvas.DrawPath(path, paint);
    }

    private static void Ticks(SKCanvas canvas, IEnumerable<double> times, Func<double, float> x, float y0, SKColor colour, float width, float length = LaneHeight)
    {
        using var paint = new SKPaint { Color = colour.WithAlpha(170), StrokeWidth = width };
        foreach (var t in times) canvas.DrawLine(x(t), y0, x(t), y0 + length, paint);
    }

    private static SKColor ChordColour(string name)
    {
        var hash = (uint)name.Aggregate(17, (h, c) => h * 31 + c);
        return SKColor.FromHsl(hash % 360, 55, name.Contains('m') && !name.Contains("maj") ? 70 : 80);
    }

    private static SKTypeface LoadTypeface()
    {
        foreach (var f in new[] { "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf" })
            if (File.Exists(f)) return SKTypeface.FromFile(f);
        return SKTypeface.Default;
    }
}
