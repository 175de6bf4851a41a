namespace Expotion.Vision.Core;

/// <summary>One frame as it arrives: raw pixels or an encoded image, stamped in microseconds from stream start.</summary>
public sealed record VideoFrame(long PtsUs, int Width, int Height, FramePixelFormat Format, ReadOnlyMemory<byte> Data)
{
    /// <summary>What holds <see cref="Data"/> when it is borrowed (a pooled buffer): <see cref="FeatureExtractor"/> disposes it
    /// once the frame has been analysed, and nothing may read <see cref="Data"/> after that. Null for frames that own their pixels.</summary>
    public IDisposable? Owner { get; init; }
}
