namespace Expotion.Client.Media;

/// <summary>
/// Draws the sample performer: a textured upper body in front of a textured wall, striking down with
/// both arms on every beat (a fast fall, a slow lift) and bobbing with the strike. The script:
/// 0–6 s at <see cref="Bpm"/>, 6–8 s still, 8 s to the end at the same tempo again (phase restarts at 8 s).
/// Ground truth for tests: the motion's beats are <see cref="BeatTimes"/>. <see cref="Reach"/> scales the gesture (the arms'
/// swing and the bob; 1 = the full strike), so performers of one tempo can move with different energy.
/// </summary>
public sealed class SamplePerformer(int width = 320, int height = 240, double fps = 25, double seconds = 12, double bpm = 120, double reach = 1)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public double Fps { get; } = fps;
    public double Seconds { get; } = seconds;
    public double Bpm { get; } = bpm;
    public double Reach { get; } = reach > 0 && reach <= 1 ? reach : throw new ArgumentOutOfRangeException(nameof(reach), reach, "in (0, 1]");
    public int FrameCount => (int)Math.Round(Seconds * Fps);

    private const double StillFrom = 6, StillTo = 8;

    /// <summary>Times (s) at which a strike begins (arm at the top, about to fall): the motion's beats.</summary>
    public IEnumerable<double> BeatTimes()
    {
        var beat = 60 / Bpm;
        for (var t = 0.0; t < StillFrom - 1e-9; t += beat) yield return t;
        for (var t = StillTo; t < Seconds - 1e-9; t += beat) yield return t;
    }

    /// <summary>Arm lift in 0..1 (1 = raised) at time t.</summary>
    public double Lift(double t)
    {
        if (t >= StillFrom && t < StillTo) return 1;
        var local = t >= StillTo ? t - StillTo : t;
        var phase = local * Bpm / 60 % 1.0;
        const double fall = 0.2;                                 // the strike takes the first 20 % of the beat
        return phase < fall
            ? 0.5 + 0.5 * Math.Cos(Math.PI * phase / fall)       // 1 → 0 quickly
            : 0.5 - 0.5 * Math.Cos(Math.PI * (phase - fall) / (1 - fall));   // 0 → 1 slowly
    }

    /// <summary>Renders frame <paramref name="index"/> as RGB24.</summary>
    public byte[] Render(int index)
    {
        var t = index / Fps;
        var lift = Lift(t);
        var s = Height / 240.0;
        var bob = (1 - lift) * Reach * 6 * s;                           // the body dips with the strike
        var cx = Width / 2.0;
        var shoulderY = Height * 0.45 + bob;
        var pixels = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
        {
            var (r, g, b) = Wall(x, y);
            Put(pixels, x, y, r, g, b);
        }

        // Torso, then head, then the two arms (shoulder → hand), each with a texture that moves with it.
        FillRect(pixels, cx - 38 * s, shoulderY, cx + 38 * s, Height, bob, Cloth);
        FillDisc(pixels, cx, shoulderY - 34 * s, 24 * s, bob, Skin);
        foreach (var side in new[] { -1, 1 })
        {
            var angle = 0.2 + 2.4 * (lift * Reach);                     // from straight down (0) to raised (2.6 rad at full reach)
            var (sx, sy) = (cx + side * 36 * s, shoulderY + 6 * s);
            var len = 78 * s;
            var (hx, hy) = (sx + side * Math.Sin(angle) * len, sy + Math.Cos(angle) * len);
            FillCapsule(pixels, sx, sy, hx, hy, 11 * s, Sleeve);
        }
        return pixels;
    }

    private static (byte, byte, byte) Wall(int x, int y)
    {
        var v = 0.5 + 0.18 * Math.Sin(x * 0.21 + Math.Sin(y * 0.13) * 2) + 0.12 * Math.Sin(y * 0.29 - x * 0.07);
        return ((byte)(90 * v + 40), (byte)(110 * v + 40), (byte)(150 * v + 50));
    }

    private static (byte, byte, byte) Cloth(double u, double v)
    {
        var k = 0.5 + 0.5 * Math.Sin(u * 0.5) * Math.Sin(v * 0.45);
        return ((byte)(160 + 80 * k), (byte)(40 + 60 * k), (byte)(50 + 40 * k));
    }

    private static (byte, byte, byte) Skin(double u, double v)
    {
        var k = 0.5 + 0.5 * Math.Sin(u * 0.6 + v * 0.3);
        return ((byte)(200 + 40 * k), (byte)(160 + 40 * k), (byte)(120 + 30 * k));
    }

    private static (byte, byte, byte) Sleeve(double u, double v)
    {
        var k = ((int)Math.Floor(u / 5) + (int)Math.Floor(v / 5)) % 2 == 0 ? 1.0 : 0.3;
        return ((byte)(230 * k + 20), (byte)(210 * k + 20), (byte)(60 * k + 20));
    }

    private void Put(byte[] p, int x, int y, byte r, byte g, byte b)
    {
        var i = (y * Width + x) * 3;
        (p[i], p[i + 1], p[i + 2]) = (r, g, b);
    }

    private void FillRect(byte[] p, double x0, double y0, double x1, double y1, double offsetY, Func<double, double, (byte, byte, byte)> tex)
    {
        for (var y = Math.Max(0, (int)y0); y < Math.Min(Height, (int)Math.Ceiling(y1)); y++)
        for (var x = Math.Max(0, (int)x0); x < Math.Min(Width, (int)Math.Ceiling(x1)); x++)
        {
            var (r, g, b) = tex(x - x0, y - offsetY);
            Put(p, x, y, r, g, b);
        }
    }

    private void FillDisc(byte[] p, double cx, double cy, double radius, double offsetY, Func<double, double, (byte, byte, byte)> tex)
    {
        for (var y = Math.Max(0, (int)(cy - radius)); y < Math.Min(Height, (int)(cy + radius) + 1); y++)
        for (var x = Math.Max(0, (int)(cx - radius)); x < Math.Min(Width, (int)(cx + radius) + 1); x++)
        {
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > radius * radius) continue;
            var (r, g, b) = tex(x - cx, y - cy + offsetY);
            Put(p, x, y, r, g, b);
        }
    }

    /// <summary>A thick segment whose texture is laid along it, so that it moves (rotates) with the arm.</summary>
    private void FillCapsule(byte[] p, double ax, double ay, double bx, double by, double radius,
        Func<double, double, (byte, byte, byte)> tex)
    {
        var (dx, dy) = (bx - ax, by - ay);
        var len2 = dx * dx + dy * dy;
        var len = Math.Sqrt(len2);
        for (var y = Math.Max(0, (int)(Math.Min(ay, by) - radius)); y < Math.Min(Height, (int)(Math.Max(ay, by) + radius) + 1); y++)
        for (var x = Math.Max(0, (int)(Math.Min(ax, bx) - radius)); x < Math.Min(Width, (int)(Math.Max(ax, bx) + radius) + 1); x++)
        {
            var along = ((x - ax) * dx + (y - ay) * dy) / len2;
            var c = Math.Clamp(along, 0, 1);
            var (px, py) = (ax + c * dx - x, ay + c * dy - y);
            if (px * px + py * py > radius * radius) continue;
            var across = ((x - ax) * -dy + (y - ay) * dx) / len;
            var (r, g, b) = tex(along * len, across + radius);
            Put(p, x, y, r, g, b);
        }
    }
}
