namespace Expotion.Kernels.Flow;

/// <summary>
/// A single-channel float image, row-major, luminance in 0..1. The unit the flow stages pass around
/// (the CUDA twin copies <see cref="Pixels"/> to the device as is).
/// </summary>
public sealed class GrayImage
{
    public GrayImage(int width, int height)
        : this(width, height, new float[CheckedArea(width, height)])
    {
    }

    public GrayImage(int width, int height, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != CheckedArea(width, height))
            throw new ArgumentException($"{width}x{height} needs {width * height} pixels, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Row-major pixels: pixel (x, y) is at y · Width + x.</summary>
    public float[] Pixels { get; }

    public float this[int x, int y]
    {
        get => Pixels[y * Width + x];
        set => Pixels[y * Width + x] = value;
    }

    /// <summary>One row of pixels.</summary>
    public Span<float> Row(int y) => Pixels.AsSpan(y * Width, Width);

    internal static int CheckedArea(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} must be positive");
        return checked(width * height);
    }
}
