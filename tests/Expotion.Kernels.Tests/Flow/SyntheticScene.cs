using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Tests.Flow;

/// <summary>
/// A smooth random texture defined analytically (a sum of sinusoids with wavelengths of 7–40 px), so it can
/// be sampled at any sub-pixel position: translations and warps by known fields are exact. Vision.Tests links this
/// file too (its feature extractor tests render the same scenes).
/// </summary>
internal sealed class SyntheticScene
{
    private readonly (double Fx, double Fy, double Phase, double Amplitude)[] _waves;

    public SyntheticScene(int seed, int waves = 16)
    {
        var rng = new Random(seed);
        _waves = new (double, double, double, double)[waves];
        for (var k = 0; k < waves; k++)
        {
            var wavelength = 7 + rng.NextDouble() * 33;
            var angle = rng.NextDouble() * Math.PI;
            _waves[k] = (Math.Cos(angle) / wavelength, Math.Sin(angle) / wavelength, rng.NextDouble() * 2 * Math.PI, 0.4 / waves);
        }
    }

    /// <summary>Luminance 0..1 at a real-valued position.</summary>
    public double Sample(double x, double y)
    {
        var v = 0.5;
        foreach (var (fx, fy, phase, a) in _waves)
            v += a * Math.Sin(2 * Math.PI * (fx * x + fy * y) + phase);
        return v;
    }

    /// <summary>The scene seen with its content moved by (dx, dy): image(x, y) = scene(x − dx, y − dy).</summary>
    public GrayImage Render(int width, int height, double dx = 0, double dy = 0)
    {
        var img = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                img[x, y] = (float)Sample(x - dx, y - dy);
        return img;
    }

    /// <summary>
    /// The scene moved by a smooth field: the content at p in the first image is at p + field(p) in this one,
    /// found per output pixel q by solving p + field(p) = q by fixed-point iteration.
    /// </summary>
    public GrayImage RenderWarped(int width, int height, Func<double, double, (double U, double V)> field)
    {
        var img = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double px = x, py = y;
                for (var it = 0; it < 30; it++)
                {
                    var (u, v) = field(px, py);
                    px = x - u;
                    py = y - v;
                }
                img[x, y] = (float)Sample(px, py);
            }
        }
        return img;
    }
}
