namespace Expotion.Vision.Core;

public enum FramePixelFormat
{
    Unspecified = 0,
    Rgb24 = 1,
    Gray8 = 2,
    Jpeg = 3,
    Png = 4,
}
