using System.Runtime.InteropServices;
using Expotion.Kernels.Flow;
using SkiaSharp;

namespace Expotion.Vision.Core;

/// <summary>
/// Turns a <see cref="VideoFrame"/> (RGB24, GRAY8, JPEG or PNG) into a 0..1 gray image at the analysis
/// width, the height keeping the aspect ratio (rounded, at least 8). JPEG and PNG are decoded with SkiaSharp.
/// Every malformed frame throws <see cref="InvalidInputException"/> naming the field and the numbers.
/// Resizing is by box coverage (<see cref="GrayDownscaler"/>): an average when shrinking, close to nearest
/// neighbour when a frame is narrower than the analysis width. JPEG EXIF orientation is not applied.
/// Reuses its buffers across frames; not thread-safe (one per stream).
/// </summary>
public sealed class FrameDecoder
{
    /// <summary>Largest accepted frame side, in pixels.</summary>
    public const int MaxSide = 8192;

    /// <summary>Smallest analysis height.</summary>
    public const int MinAnalysisHeight = 8;

    /// <summary>Tallest accepted analysis image, as a multiple of the analysis width.</summary>
    public const int MaxAspect = 8;

    private readonly GrayDownscaler _downscaler = new();
    private byte[] _decoded = [];

    public FrameDecoder(int analysisWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(analysisWidth, 1);
        AnalysisWidth = analysisWidth;
    }

    public int AnalysisWidth { get; }

    /// <summary>The analysis size of a <paramref name="width"/> x <paramref name="height"/> frame.</summary>
    public static (int Width, int Height) AnalysisSize(int width, int height, int analysisWidth)
    {
        var h = (int)Math.Round((double)height * analysisWidth / width, MidpointRounding.AwayFromZero);
        return (analysisWidth, Math.Max(MinAnalysisHeight, h));
    }

    /// <summary>Checks what can be checked without the pixels: the size and the format.</summary>
    public void ValidateHeader(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width is <= 0 or > MaxSide)
            throw new InvalidInputException("frame.width", $"{frame.Width} is outside 1..{MaxSide}");
        if (frame.Height is <= 0 or > MaxSide)
            throw new InvalidInputException("frame.height", $"{frame.Height} is outside 1..{MaxSide}");
        if (frame.Format == FramePixelFormat.Unspecified)
            throw new InvalidInputException("frame.format", "the pixel format is unspecified (expected RGB24, GRAY8, JPEG or PNG)");
        if (!Enum.IsDefined(frame.Format))
            throw new InvalidInputException("frame.format", $"unknown pixel format {(int)frame.Format}");
        var (_, h) = AnalysisSize(frame.Width, frame.Height, AnalysisWidth);
        if (h > MaxAspect * AnalysisWidth)
            throw new InvalidInputException("frame.height",
                $"{frame.Width}x{frame.Height} would be analysed at {AnalysisWidth}x{h}; frames taller than {MaxAspect}:1 are not supported");
    }

    /// <summary>Decodes into a new image of the analysis size.</summary>
    public GrayImage Decode(VideoFrame frame)
    {
        ValidateHeader(frame);
        var (w, h) = AnalysisSize(frame.Width, frame.Height, AnalysisWidth);
        var image = new GrayImage(w, h);
        Decode(frame, image);
        return image;
    }

    /// <summary>Decodes into <paramref name="destination"/>, which must have the analysis size of the frame.</summary>
    public void Decode(VideoFrame frame, GrayImage destination)
    {
        ValidateHeader(frame);
        ArgumentNullException.ThrowIfNull(destination);
        var (w, h) = AnalysisSize(frame.Width, frame.Height, AnalysisWidth);
        if (destination.Width != w || destination.Height != h)
            throw new ArgumentException($"destination is {destination.Width}x{destination.Height}, the analysis size {w}x{h}", nameof(destination));
        var data = frame.Data.Span;
        switch (frame.Format)
        {
            case FramePixelFormat.Rgb24:
                CheckLength(frame, 3);
                _downscaler.Convert(data, frame.Width, frame.Height, frame.Width * 3, PixelLayout.Rgb24, destination);
                break;
            case FramePixelFormat.Gray8:
                CheckLength(frame, 1);
                _downscaler.Convert(data, frame.Width, frame.Height, frame.Width, PixelLayout.Gray8, destination);
                break;
            case FramePixelFormat.Jpeg:
            case FramePixelFormat.Png:
                var rowBytes = DecodeImage(frame);
                _downscaler.Convert(_decoded, frame.Width, frame.Height, rowBytes, PixelLayout.Rgba32, destination);
                break;
            default:
                throw new InvalidInputException("frame.format", $"unknown pixel format {(int)frame.Format}");
        }
    }

    private static void CheckLength(VideoFrame frame, int bytesPerPixel)
    {
        var needed = (long)frame.Width * frame.Height * bytesPerPixel;
        if (frame.Data.Length != needed)
            throw new InvalidInputException("frame.data",
                $"{Name(frame.Format)} {frame.Width}x{frame.Height} needs {needed} bytes ({frame.Width}·{frame.Height}·{bytesPerPixel}), got {frame.Data.Length}");
    }

    /// <summary>Decodes a JPEG or PNG into <see cref="_decoded"/> as RGBA; returns the row stride.</summary>
    private int DecodeImage(VideoFrame frame)
    {
        var name = Name(frame.Format);
        if (frame.Data.IsEmpty)
            throw new InvalidInputException("frame.data", $"the {name} image is empty (0 bytes)");
        using var data = SKData.CreateCopy(frame.Data.Span);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidInputException("frame.data", $"{frame.Data.Length} bytes are not a decodable {name} image");
        var actual = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => FramePixelFormat.Jpeg,
            SKEncodedImageFormat.Png => FramePixelFormat.Png,
            _ => FramePixelFormat.Unspecified,
        };
        if (actual != frame.Format)
            throw new InvalidInputException("frame.format",
                $"the frame says {name} but the data is a {codec.EncodedFormat.ToString().ToUpperInvariant()} image");
        if (codec.Info.Width != frame.Width || codec.Info.Height != frame.Height)
            throw new InvalidInputException("frame.data",
                $"the {name} image is {codec.Info.Width}x{codec.Info.Height} but the frame says {frame.Width}x{frame.Height}");

        var info = new SKImageInfo(frame.Width, frame.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (_decoded.Length < info.BytesSize)
            _decoded = new byte[info.BytesSize];
        var pin = GCHandle.Alloc(_decoded, GCHandleType.Pinned);
        SKCodecResult result;
        try
        {
            // Decode straight into the reused buffer (what SKBitmap.Decode does into a fresh bitmap).
            result = codec.GetPixels(info, pin.AddrOfPinnedObject());
        }
        finally
        {
            pin.Free();
        }
        if (result != SKCodecResult.Success)
            throw new InvalidInputException("frame.data", $"the {name} image ({frame.Data.Length} bytes) failed to decode: {result}");
        return info.RowBytes;
    }

    private static string Name(FramePixelFormat format) => format switch
    {
        FramePixelFormat.Rgb24 => "RGB24",
        FramePixelFormat.Gray8 => "GRAY8",
        FramePixelFormat.Jpeg => "JPEG",
        FramePixelFormat.Png => "PNG",
        _ => format.ToString(),
    };
}
