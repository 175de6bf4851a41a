namespace Expotion.Client.Media;

/// <summary>What ffprobe says about a file's first video stream.</summary>
public sealed record VideoInfo(string Path, int Width, int Height, double Fps, double DurationSeconds);
