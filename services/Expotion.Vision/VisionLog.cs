using Microsoft.Extensions.Logging;

namespace Expotion.Vision;

internal static partial class VisionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Extract stream ended: {In} frames analysed, {Dropped} dropped (live queue full), {Out} feature frames out, analysed at {Width} px wide, {Seconds:F2} s")]
    public static partial void StreamEnded(ILogger logger, long @in, long dropped, long @out, int width, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Extract stream resumed at {FromSeconds:F3} s, replayed from frame {ReplayFromIndex}")]
    public static partial void StreamResumed(ILogger logger, double fromSeconds, long replayFromIndex);
}
