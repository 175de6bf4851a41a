using Expotion.Kernels.Flow;
using Expotion.Vision.Core;

namespace Expotion.Vision.Tests;

/// <summary>Gray test images (<see cref="Kernels.Tests.Flow.SyntheticScene"/>) as the frames the vision stage reads.</summary>
internal static class SceneFrames
{
    /// <summary>The image as an 8-bit RGB24 frame (gray in all three channels).</summary>
    public static VideoFrame ToRgbFrame(GrayImage img, long ptsUs)
    {
        var data = new byte[img.Width * img.Height * 3];
        for (var i = 0; i < img.Pixels.Length; i++)
        {
            var b = (byte)Math.Clamp(Math.Round(img.Pixels[i] * 255), 0, 255);
            data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = b;
        }
        return new VideoFrame(ptsUs, img.Width, img.Height, FramePixelFormat.Rgb24, data);
    }
}
