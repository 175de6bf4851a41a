namespace Expotion.Client.Media;

/// <summary>A media file could not be read or written (missing, not a video, ffmpeg failed or absent).</summary>
public sealed class MediaException(string message) : Exception(message);
