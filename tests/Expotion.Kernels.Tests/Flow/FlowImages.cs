using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Tests.Flow;

/// <summary>Small test images: a smooth texture rendered analytically, so a shifted copy is the same scene moved by a sub-pixel amount.</summary>
internal static class FlowImages
{
    public static GrayImage Texture(int width, int height, float shiftX = 0f, float shiftY = 0f, int seed = 1)
    {
        var rng = new Random(seed);
        var blobs = Enumerable.Range(0, 12).Select(_ => (X: rng.NextDouble() * width, Y: rng.NextDouble() * height,
            R: 2 + rng.NextDouble() * 5, A: rng.NextDouble() * 0.4 - 0.2)).ToArray();
        var image = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                double u = x - shiftX, v = y - shiftY;
                var value = 0.5 + 0.15 * Math.Sin(0.37 * u + 0.21 * v) + 0.1 * Math.Sin(0.13 * u - 0.41 * v + 1) + 0.05 * Math.Cos(0.7 * u + 0.05 * v * v / height);
                foreach (var b in blobs)
                    value += b.A * Math.Exp(-((u - b.X) * (u - b.X) + (v - b.Y) * (v - b.Y)) / (2 * b.R * b.R));
                image[x, y] = (float)value;
            }
        return image;
    }

    public static FlowField RandomField(int width, int height, int seed, float scale = 2f)
    {
        var field = new FlowField(width, height);
        var rng = new Random(seed);
        for (var i = 0; i < field.Dx.Length; i++)
        {
            field.Dx[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
            field.Dy[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        }
        // Exact zeros and axis-aligned vectors hit the atan2 special cases and the bin wrap at ±π.
        for (var i = 0; i < Math.Min(8, field.Dx.Length); i++)
        {
            field.Dx[i] = i % 4 == 0 ? 0f : i % 4 == 1 ? -1.5f : i % 4 == 2 ? 0f : 2f;
            field.Dy[i] = i % 4 == 0 ? 0f : i % 4 == 1 ? 0f : i % 4 == 2 ? -0.5f : 0f;
        }
        return field;
    }
}
