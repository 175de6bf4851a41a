using Microsoft.Extensions.Logging;

namespace Expotion.Music;

internal static partial class MusicLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Generate stream ended: backend {Backend}, {Conditions} conditions in, {AudioSeconds:F2} s of audio out, {Seconds:F2} s")]
    public static partial void StreamEnded(ILogger logger, string backend, long conditions, double audioSeconds, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generate stream resumed at {FromSeconds:F2} s: {DroppedBlocks} replayed blocks not sent again")]
    public static partial void StreamResumed(ILogger logger, double fromSeconds, long droppedBlocks);

    [LoggerMessage(Level = LogLevel.Error, Message = "The conductor cannot render on this machine: {Reason}")]
    public static partial void ConductorUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The musicgen backend cannot load its model: {Reason}")]
    public static partial void MusicGenUnavailable(ILogger logger, string reason);
}
