using System.Runtime.CompilerServices;
using Expotion.Client.Media;
using Expotion.V1;
using Google.Protobuf;

namespace Expotion.Reliability.Tests;

/// <summary>Video for the pipeline tests: the sample performer at 25 fps, paced in real time, until cancelled.</summary>
internal static class Frames
{
    private static readonly SamplePerformer Performer = new(160, 120, 25, seconds: 3600);

    public static IAsyncEnumerable<VideoFrame> LiveAsync(CancellationToken cancellationToken) =>
        PacedAsync(Performer.FrameCount, TimeSpan.FromMilliseconds(40), cancellationToken);

    /// <summary>The first <paramref name="count"/> frames, one every <paramref name="pace"/>.</summary>
    public static async IAsyncEnumerable<VideoFrame> PacedAsync(int count, TimeSpan pace, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new VideoFrame
            {
                PtsUs = i * 40_000L, Width = Performer.Width, Height = Performer.Height, Format = PixelFormat.Rgb24,
                Data = ByteString.CopyFrom(Performer.Render(i)),
            };
            await Task.Delay(pace, cancellationToken);
        }
    }

    public static PerformConfig Config() => new() { Music = new GenerateConfig { Prompt = "calm piano", Seed = 5 } };
}
