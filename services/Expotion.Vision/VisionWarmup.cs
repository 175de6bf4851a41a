using System.Runtime.CompilerServices;
using Expotion.ServiceDefaults.Warmup;
using Expotion.Vision.Core;

namespace Expotion.Vision;

/// <summary>
/// Before the vision host listens: a synthetic 30 fps performance (a bright block swinging across a 320×240 RGB24
/// gradient, the size the live page and `bench load` send) through the <see cref="FeatureExtractor"/> a stream uses:
/// decode, downscale, pyramid, Lucas–Kanade, grid pooling (and the face/pose models when person features are on).
/// </summary>
internal sealed class VisionWarmup(FeatureExtractor extractor) : IStageWarmup
{
    private const int Width = 320, Height = 240, Fps = 30;

    public string Stage => "vision";

    public async Task<string> WarmUpAsync(WarmupOptions options, CancellationToken cancellationToken)
    {
        var count = Math.Max(2, (int)Math.Round(options.Seconds * Fps));
        var features = 0;
        await foreach (var _ in extractor.ExtractAsync(new VisionSettings(), Frames(count, cancellationToken), new StreamStats(), cancellationToken).ConfigureAwait(false))
            features++;
        return $"{count} frames of {Width}x{Height} into {features} feature frames";
    }

    private static async IAsyncEnumerable<VideoFrame> Frames(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new VideoFrame(i * 1_000_000L / Fps, Width, Height, FramePixelFormat.Rgb24, Render(i));
            await Task.Yield();
        }
    }

    /// <summary>A horizontal gradient with a 48-pixel block swinging left and right once a second.</summary>
    internal static byte[] Render(int index)
    {
        var pixels = new byte[Width * Height * 3];
        var x0 = (int)((Width - 48) * (0.5 + 0.5 * Math.Sin(2 * Math.PI * index / Fps)));
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
        {
            var o = (y * Width + x) * 3;
            var lit = x >= x0 && x < x0 + 48 && y >= 96 && y < 144;
            var v = lit ? (byte)240 : (byte)(x * 160 / Width);
            pixels[o] = v;
            pixels[o + 1] = v;
            pixels[o + 2] = (byte)(v / 2);
        }
        return pixels;
    }
}
