using Expotion.Vision.Core;
using SkiaSharp;

namespace Expotion.Vision.Tests;

public sealed class FrameDecoderTests
{
    private static byte Pattern(int x, int y) => (byte)((x * 7 + y * 13 + (x * y) % 17) & 0xFF);

    private static byte[] GrayBytes(int w, int h)
    {
        var data = new byte[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                data[y * w + x] = Pattern(x, y);
        return data;
    }

    private static byte[] Encode(int w, int h, SKEncodedImageFormat format, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                bitmap.SetPixel(x, y, new SKColor(Pattern(x, y), Pattern(x, y), Pattern(x, y)));
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    private static InvalidInputException Fails(VideoFrame frame, int analysisWidth = 160) =>
        Assert.Throws<InvalidInputException>(() => new FrameDecoder(analysisWidth).Decode(frame));

    [Theory]
    [InlineData(160, 120, 160, 120)]
    [InlineData(1920, 1080, 160, 90)]
    [InlineData(640, 481, 160, 120)]
    [InlineData(100, 3, 160, 8)]
    [InlineData(1080, 1920, 160, 284)]
    public void AnalysisSize_KeepsAspectRoundedAtLeastEight(int w, int h, int expectedW, int expectedH) =>
        Assert.Equal((expectedW, expectedH), FrameDecoder.AnalysisSize(w, h, 160));

    [Fact]
    public void Decode_Rgb24AtAnalysisSize_GivesBt601Luminance()
    {
        byte[] rgb = new byte[160 * 120 * 3];
        for (var i = 0; i < 160 * 120; i++)
            (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = ((byte)(i % 256), (byte)(i * 3 % 256), (byte)(i * 7 % 256));
        var img = new FrameDecoder(160).Decode(new VideoFrame(0, 160, 120, FramePixelFormat.Rgb24, rgb));
        Assert.Equal((160, 120), (img.Width, img.Height));
        for (var i = 0; i < 160 * 120; i++)
            Assert.Equal((0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]) / 255, img.Pixels[i], 1e-5);
    }

    [Fact]
    public void Decode_Gray8AtAnalysisSize_RoundTrips()
    {
        var data = GrayBytes(160, 120);
        var img = new FrameDecoder(160).Decode(new VideoFrame(0, 160, 120, FramePixelFormat.Gray8, data));
        for (var i = 0; i < data.Length; i++)
            Assert.Equal(data[i] / 255f, img.Pixels[i], 1e-6f);
    }

    [Fact]
    public void Decode_LargerFrame_AveragesEachFootprint()
    {
        // 640x480 GRAY8 whose 4x4 blocks each average to a known value.
        var data = new byte[640 * 480];
        for (var y = 0; y < 480; y++)
            for (var x = 0; x < 640; x++)
                data[y * 640 + x] = (byte)(((x + y) & 1) == 0 ? 2 * (x / 4 % 100) : 0);
        var img = new FrameDecoder(160).Decode(new VideoFrame(0, 640, 480, FramePixelFormat.Gray8, data));
        Assert.Equal((160, 120), (img.Width, img.Height));
        for (var y = 0; y < 120; y++)
            for (var x = 0; x < 160; x++)
                Assert.Equal(x % 100 / 255f, img[x, y], 1e-5f);
    }

    [Fact]
    public void Decode_Png_RoundTripsExactly()
    {
        var png = Encode(160, 120, SKEncodedImageFormat.Png);
        var img = new FrameDecoder(160).Decode(new VideoFrame(0, 160, 120, FramePixelFormat.Png, png));
        for (var y = 0; y < 120; y++)
            for (var x = 0; x < 160; x++)
                Assert.Equal(Pattern(x, y) / 255f, img[x, y], 1e-5f);
    }

    [Fact]
    public void Decode_Jpeg_RoundTripsWithinCompressionError()
    {
        var jpeg = Encode(320, 240, SKEncodedImageFormat.Jpeg, 95);
        var reference = new FrameDecoder(160).Decode(new VideoFrame(0, 320, 240, FramePixelFormat.Gray8, GrayBytes(320, 240)));
        var img = new FrameDecoder(160).Decode(new VideoFrame(0, 320, 240, FramePixelFormat.Jpeg, jpeg));
        var meanError = img.Pixels.Zip(reference.Pixels, (a, b) => Math.Abs(a - b)).Average();
        TestContext.Current.TestOutputHelper?.WriteLine($"JPEG q95 320x240 -> 160x120: mean |error| {meanError * 255:F2} gray levels");
        Assert.True(meanError < 3 / 255f, $"mean error {meanError * 255:F2} levels");
    }

    [Fact]
    public void Decode_Rgb24WrongLength_NamesExpectedAndActualBytes()
    {
        var ex = Fails(new VideoFrame(0, 160, 120, FramePixelFormat.Rgb24, new byte[160 * 120 * 3 - 1]));
        Assert.Equal("frame.data", ex.Field);
        Assert.Contains("57600", ex.Reason);
        Assert.Contains("57599", ex.Reason);
    }

    [Fact]
    public void Decode_Gray8WrongLength_Throws()
    {
        var ex = Fails(new VideoFrame(0, 160, 120, FramePixelFormat.Gray8, new byte[160 * 120 * 3]));
        Assert.Equal("frame.data", ex.Field);
        Assert.Contains("needs 19200 bytes", ex.Reason);
    }

    [Fact]
    public void Decode_PngOfOtherSize_NamesBothSizes()
    {
        var ex = Fails(new VideoFrame(0, 160, 120, FramePixelFormat.Png, Encode(64, 48, SKEncodedImageFormat.Png)));
        Assert.Equal("frame.data", ex.Field);
        Assert.Contains("64x48", ex.Reason);
        Assert.Contains("160x120", ex.Reason);
    }

    [Fact]
    public void Decode_PngLabelledJpeg_NamesTheFormats()
    {
        var ex = Fails(new VideoFrame(0, 64, 48, FramePixelFormat.Jpeg, Encode(64, 48, SKEncodedImageFormat.Png)));
        Assert.Equal("frame.format", ex.Field);
        Assert.Contains("JPEG", ex.Reason);
        Assert.Contains("PNG", ex.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(1000)]
    public void Decode_GarbageJpeg_Throws(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var ex = Fails(new VideoFrame(0, 64, 48, FramePixelFormat.Jpeg, bytes));
        Assert.Equal("frame.data", ex.Field);
        Assert.Contains("JPEG", ex.Reason);
    }

    [Fact]
    public void Decode_TruncatedJpeg_Throws()
    {
        var jpeg = Encode(64, 48, SKEncodedImageFormat.Jpeg, 90);
        var ex = Fails(new VideoFrame(0, 64, 48, FramePixelFormat.Jpeg, jpeg.AsMemory(0, jpeg.Length / 2)));
        Assert.Equal("frame.data", ex.Field);
    }

    [Theory]
    [InlineData(0, 120, "frame.width")]
    [InlineData(-4, 120, "frame.width")]
    [InlineData(8193, 120, "frame.width")]
    [InlineData(160, 0, "frame.height")]
    [InlineData(160, 9000, "frame.height")]
    [InlineData(10, 8000, "frame.height")]   // would analyse at 160x128000
    public void Decode_BadSize_Throws(int w, int h, string field)
    {
        var ex = Fails(new VideoFrame(0, w, h, FramePixelFormat.Gray8, new byte[16]));
        Assert.Equal(field, ex.Field);
        Assert.Contains(Math.Abs(field == "frame.width" ? w : h).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Reason);
    }

    [Fact]
    public void Decode_UnspecifiedFormat_Throws()
    {
        var ex = Fails(new VideoFrame(0, 160, 120, FramePixelFormat.Unspecified, new byte[160 * 120]));
        Assert.Equal("frame.format", ex.Field);
        Assert.Contains("unspecified", ex.Reason);
    }

    [Fact]
    public void Decode_UnknownFormat_Throws()
    {
        var ex = Fails(new VideoFrame(0, 160, 120, (FramePixelFormat)42, new byte[160 * 120]));
        Assert.Equal("frame.format", ex.Field);
        Assert.Contains("42", ex.Reason);
    }
}
