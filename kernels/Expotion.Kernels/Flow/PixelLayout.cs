namespace Expotion.Kernels.Flow;

/// <summary>The byte layout of the interleaved 8-bit pixels <see cref="GrayDownscaler"/> reads.</summary>
public enum PixelLayout
{
    Gray8 = 1,
    Rgb24 = 2,
    Rgba32 = 3,
    Bgra32 = 4,
}
