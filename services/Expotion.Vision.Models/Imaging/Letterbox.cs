namespace Expotion.Vision.Models.Imaging;

/// <summary>
/// How an image was fitted into a square model input: scaled by <see cref="Scale"/> (aspect kept) and
/// centred with <see cref="OffsetX"/>/<see cref="OffsetY"/> pixels of padding. Maps model coordinates back.
/// </summary>
public readonly record struct Letterbox(int Size, float Scale, float OffsetX, float OffsetY)
{
    public static Letterbox For(int width, int height, int size)
    {
        var scale = (float)size / Math.Max(width, height);
        return new Letterbox(size, scale, (size - width * scale) / 2f, (size - height * scale) / 2f);
    }

    /// <summary>Model-input pixel (x, y) to image pixel.</summary>
    public (float X, float Y) ToImage(float x, float y) => ((x - OffsetX) / Scale, (y - OffsetY) / Scale);
}
