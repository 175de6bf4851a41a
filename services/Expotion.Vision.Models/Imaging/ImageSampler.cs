namespace Expotion.Vision.Models.Imaging;

/// <summary>
/// Bilinear sampling of an <see cref="RgbImage"/> into model inputs (NHWC): a letterboxed square of the
/// whole image, or a rotated square crop. Pixels are sampled at their centres; outside the image is black.
/// When shrinking by more than 2×, each output pixel averages a small grid of bilinear samples so that
/// large frames do not alias.
/// </summary>
public static class ImageSampler
{
    /// <summary>The whole image, aspect kept and centred, into <paramref name="size"/>² RGB values
    /// <c>map(byte)</c>, NHWC.</summary>
    public static Letterbox Letterbox(RgbImage image, int size, Span<float> destination, Func<float, float> map)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length < size * size * 3)
            throw new ArgumentException($"needs {size * size * 3} values", nameof(destination));
        var box = Imaging.Letterbox.For(image.Width, image.Height, size);
        var step = 1f / box.Scale; // image pixels per output pixel
        var taps = Math.Clamp((int)MathF.Ceiling(step / 2f), 1, 4);
        Span<float> rgb = stackalloc float[3];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (ix, iy) = box.ToImage(x + 0.5f, y + 0.5f);
                Average(image, ix - 0.5f, iy - 0.5f, step, step, 0f, taps, rgb);
                var o = (y * size + x) * 3;
                destination[o] = map(rgb[0]);
                destination[o + 1] = map(rgb[1]);
                destination[o + 2] = map(rgb[2]);
            }
        }
        return box;
    }

    /// <summary>
    /// A square crop of side <paramref name="side"/> image pixels centred on (<paramref name="cx"/>,
    /// <paramref name="cy"/>), rotated by <paramref name="angle"/> radians (the crop's x axis points along
    /// that angle in the image), resampled to <paramref name="size"/>² and written as gray
    /// (0.2989 R + 0.5870 G + 0.1140 B, 0..1) through <paramref name="map"/>.
    /// </summary>
    public static void CropGray(RgbImage image, float cx, float cy, float side, float angle, int size, Span<float> destination, Func<float, float> map)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (cos, sin) = (MathF.Cos(angle), MathF.Sin(angle));
        var step = side / size;
        var taps = Math.Clamp((int)MathF.Ceiling(step / 2f), 1, 4);
        Span<float> rgb = stackalloc float[3];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var u = (x + 0.5f) * step - side / 2f;
                var v = (y + 0.5f) * step - side / 2f;
                var ix = cx + u * cos - v * sin;
                var iy = cy + u * sin + v * cos;
                Average(image, ix - 0.5f, iy - 0.5f, step, step, angle, taps, rgb);
                var gray = (0.2989f * rgb[0] + 0.5870f * rgb[1] + 0.1140f * rgb[2]) / 255f;
                destination[y * size + x] = map(gray);
            }
        }
    }

    private static void Average(RgbImage image, float x, float y, float w, float h, float angle, int taps, Span<float> rgb)
    {
        rgb.Clear();
        if (taps == 1)
        {
            Bilinear(image, x, y, rgb, 1f);
            return;
        }
        var (cos, sin) = (MathF.Cos(angle), MathF.Sin(angle));
        var weight = 1f / (taps * taps);
        for (var j = 0; j < taps; j++)
        {
            for (var i = 0; i < taps; i++)
            {
                var du = ((i + 0.5f) / taps - 0.5f) * w;
                var dv = ((j + 0.5f) / taps - 0.5f) * h;
                Bilinear(image, x + du * cos - dv * sin, y + du * sin + dv * cos, rgb, weight);
            }
        }
    }

    private static void Bilinear(RgbImage image, float x, float y, Span<float> rgb, float weight)
    {
        // Outside the image (by more than half a pixel) is black; the border half-pixel clamps to the edge.
        if (x < -0.5f || y < -0.5f || x > image.Width - 0.5f || y > image.Height - 0.5f) return;
        x = Math.Clamp(x, 0f, image.Width - 1);
        y = Math.Clamp(y, 0f, image.Height - 1);
        var x0 = (int)MathF.Floor(x);
        var y0 = (int)MathF.Floor(y);
        var fx = x - x0;
        var fy = y - y0;
        var p = image.Pixels;
        for (var dy = 0; dy < 2; dy++)
        {
            var yy = y0 + dy;
            var wy = dy == 0 ? 1 - fy : fy;
            if (yy < 0 || yy >= image.Height || wy == 0) continue;
            for (var dx = 0; dx < 2; dx++)
            {
                var xx = x0 + dx;
                var wx = dx == 0 ? 1 - fx : fx;
                if (xx < 0 || xx >= image.Width || wx == 0) continue;
                var o = (yy * image.Width + xx) * 3;
                var k = wx * wy * weight;
                rgb[0] += p[o] * k;
                rgb[1] += p[o + 1] * k;
                rgb[2] += p[o + 2] * k;
            }
        }
    }
}
