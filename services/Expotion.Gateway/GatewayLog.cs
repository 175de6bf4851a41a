using Microsoft.Extensions.Logging;

namespace Expotion.Gateway;

internal static partial class GatewayLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Perform stream ended: {AudioFrames} audio sample frames, {Events} events, {Seconds:F2} s")]
    public static partial void StreamEnded(ILogger logger, long audioFrames, long events, double seconds);
}
