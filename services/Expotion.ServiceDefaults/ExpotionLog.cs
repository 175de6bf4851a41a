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
}
