using Expotion.Vision.Models.Imaging;
using SkiaSharp;

namespace Expotion.Vision.Core;

/// <summary>
/// A <see cref="VideoFrame"/> (already validated by <see cref="FrameDecoder"/>) as an <see cref="RgbImage"/> at
/// full resolution, for the face and pose models: RGB24 is copied, GRAY8 replicated, JPEG/PNG decoded. One decoder per
/// stream: the image it returns is its own buffer, reused by the next call (a frame is above the large-object threshold,
/// so a new array per frame would be collected only with gen2).
/// </summary>
public sealed class RgbFrameDecoder
{
    private byte[] _rgb = [];

    public RgbImage Decode(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var (w, h) = (frame.Width, frame.Height);
        if (_rgb.Length != w * h * 3) _rgb = new byte[w * h * 3];
        var rgb = _rgb;
        var data = frame.Data.Span;
        switch (frame.Format)
        {
            case FramePixelFormat.Rgb24:
                data[..rgb.Length].CopyTo(rgb);
                break;
            case FramePixelFormat.Gray8:
                for (var i = 0; i < w * h; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = data[i];
                break;
            default:
                using (var bitmap = SKBitmap.Decode(data) ?? throw new InvalidInputException("frame.data", "the image could not be decoded"))
                using (var rgba = bitmap.Copy(SKColorType.Rgba8888))
                {
                    var src = rgba.GetPixelSpan();
                    for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
                        (rgb[o], rgb[o + 1], rgb[o + 2]) = (src[i], src[i + 1], src[i + 2]);
                }
                break;
        }
        return new RgbImage(w, h, rgb);
    }
}
