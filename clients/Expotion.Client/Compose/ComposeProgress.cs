namespace Expotion.Client.Compose;

/// <summary>How far a composition has got: frames sent of the total, and seconds of audio received.</summary>
public readonly record struct ComposeProgress(long FramesSent, long FramesTotal, double AudioSeconds, double VideoSeconds);
