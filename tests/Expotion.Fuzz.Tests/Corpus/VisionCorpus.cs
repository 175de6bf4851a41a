using Expotion.V1;
using Google.Protobuf;

namespace Expotion.Fuzz.Tests.Corpus;

/// <summary>Hostile Vision.Extract streams: absurd sizes and analysis settings, unknown formats, wrong data lengths, garbage images, bad timestamps.</summary>
public sealed class VisionCorpus(int seed, int maxMessageBytes) : ServiceCorpus<ExtractRequest>(seed, maxMessageBytes)
{
    private const int W = 32, H = 24;

    protected override ExtractRequest ValidConfig() => new() { Config = new ExtractConfig { AnalysisWidth = 32, GridCols = 2, GridRows = 2 } };

    protected override ExtractRequest HostileConfig() => new()
    {
        Config = new ExtractConfig
        {
            AnalysisWidth = Pick(HostileInts), GridCols = Pick(HostileInts), GridRows = Pick(-3, 0, 1, 17, int.MaxValue), OrientationBins = Pick(HostileInts),
        },
    };

    protected override ExtractRequest ValidItem(int index) => new() { Frame = Frame(index * 33_333L, W, H, PixelFormat.Gray8, W * H) };

    protected override ExtractRequest HostileItem(int index)
    {
        var format = (PixelFormat)R.Next(0, 7);
        var (w, h) = R.Next(3) == 0 ? (Pick(HostileInts), Pick(HostileInts)) : (W, H);
        var frame = Frame(R.Next(3) == 0 ? Pick(HostileTimes) : index * 33_333L, w, h, format,
            R.Next(2) == 0 ? R.Next(0, 4096) : Math.Clamp(W * H * (format == PixelFormat.Rgb24 ? 3 : 1), 0, 4096));
        if (format is PixelFormat.Jpeg or PixelFormat.Png && R.Next(2) == 0)
        {
            // A real signature followed by garbage: the decoder must refuse it, not crash.
            byte[] signature = format == PixelFormat.Png ? [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] : [0xFF, 0xD8, 0xFF, 0xE0];
            frame.Data = ByteString.CopyFrom([.. signature, .. RandomBytes(R.Next(0, 512))]);
        }
        return new() { Frame = frame };
    }

    protected override ExtractRequest End() => new() { End = new End() };

    private V1.VideoFrame Frame(long pts, int w, int h, PixelFormat format, int bytes) => new()
    {
        PtsUs = pts, Width = w, Height = h, Format = format, Data = ByteString.CopyFrom(RandomBytes(bytes)),
    };
}
