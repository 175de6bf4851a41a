using Microsoft.Extensions.Logging;

namespace Expotion.ServiceDefaults;

internal static partial class ExpotionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Method}: invalid input: {Detail}")]
    public static partial void InvalidInput(ILogger logger, string method, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method}: limit exceeded: {Detail}")]
    public static partial void LimitExceeded(ILogger logger, string method, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method}: unhandled error")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: health NOT_SERVING, new streams refused; draining {Open} open streams for up to {DrainSeconds} s")]
    public static partial void Draining(ILogger logger, long open, double drainSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown drain ran out: {Left} streams ended with Unavailable")]
    public static partial void DrainCut(ILogger logger, long left);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained {Open} streams in {Seconds:F2} s")]
    public static partial void Drained(ILogger logger, long open, double seconds);
}
