namespace Expotion.Kernels.Flow;

/// <summary>
/// A dense flow field in pixels, planar and row-major: the content at (x, y) in the first image is
/// at (x + Dx, y + Dy) in the second (image coordinates, y down).
/// </summary>
public sealed class FlowField
{
    public FlowField(int width, int height)
    {
        var area = GrayImage.CheckedArea(width, height);
        Width = width;
        Height = height;
        Dx = new float[area];
        Dy = new float[area];
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Horizontal displacement per pixel, in pixels (positive is rightwards).</summary>
    public float[] Dx { get; }

    /// <summary>Vertical displacement per pixel, in pixels (positive is downwards).</summary>
    public float[] Dy { get; }

    public void Clear()
    {
        Array.Clear(Dx);
        Array.Clear(Dy);
    }
}
