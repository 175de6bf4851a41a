using Expotion.Client.Media;
using Expotion.V1;
using Google.Protobuf;

namespace Expotion.Cli.Bench;

/// <summary>The sample performer's frames as the live benches send them: RGB24 at its size and rate, rendered once up front.</summary>
internal static class PerformerFrames
{
    public static VideoFrame[] Render(SamplePerformer performer) =>
        Enumerable.Range(0, performer.FrameCount).Select(i => new VideoFrame
        {
            PtsUs = (long)Math.Round(i * 1e6 / performer.Fps), Width = performer.Width, Height = performer.Height, Format = PixelFormat.Rgb24,
            Data = UnsafeByteOperations.UnsafeWrap(performer.Render(i)),
        }).ToArray();
}
