using Microsoft.Extensions.Logging;

namespace Expotion.Smoothing;

internal static partial class SmoothingLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Align stream ended: mode {Mode}, {Dims} dims, {In} frames in, {Out} conditions out, {Seconds:F2} s")]
    public static partial void StreamEnded(ILogger logger, Core.SmoothingMode mode, int dims, long @in, long @out, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Smoothing:Batching=tick: live streams are batched per 20 ms tick, {Ticker}")]
    public static partial void Batching(ILogger logger, string ticker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}")]
    public static partial void TickerFellBack(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Align stream resumed at {FromSeconds:F3} s: {Dropped} replayed conditions not sent again")]
    public static partial void StreamResumed(ILogger logger, double fromSeconds, long dropped);
}
