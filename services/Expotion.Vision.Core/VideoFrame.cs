namespace Expotion.Vision.Core;

/// <summary>One frame as it arrives: raw pixels or an encoded image, stamped in microseconds from stream start.</summary>
public sealed record VideoFrame(long PtsUs, int Width, int Height, FramePixelFormat Format, ReadOnlyMemory<byte> Data);
