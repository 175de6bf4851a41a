using Microsoft.Extensions.Logging;

namespace Expotion.Gateway;

internal static partial class GatewayLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Perform stream ended: {AudioFrames} audio sample frames, {Events} events, {Seconds:F2} s")]
    public static partial void StreamEnded(ILogger logger, long audioFrames, long events, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live page stream ended ({Reason}): {FramesIn} frames in, {Dropped} stale frames dropped, {Updates} prompt updates, {AudioFrames} audio sample frames, {Events} events, {Seconds:F2} s")]
    public static partial void SocketEnded(ILogger logger, string reason, long framesIn, long dropped, long updates, long audioFrames, long events, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The live page's assets are not built ({Folder} has no index.html); run scripts/setup-browser.sh")]
    public static partial void NoPage(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live page socket from {Remote} refused: {Reason}")]
    public static partial void SocketRefused(ILogger logger, string remote, string reason);
}
