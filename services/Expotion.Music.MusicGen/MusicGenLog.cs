using Microsoft.Extensions.Logging;

namespace Expotion.Music.MusicGen;

internal static partial class MusicGenLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "musicgen model loaded from {Directory}: {Layers} layers, {Heads} heads of {HeadSize}, text width {TextDims}, adaptor {Adaptor}; execution provider {Provider} because {Reason}")]
    public static partial void ModelLoaded(ILogger logger, string directory, int layers, int heads, int headSize, int textDims, string adaptor, string provider, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "musicgen stream: {Frames} frames, {Steps} decoder steps ({StepsPerSecond:F1}/s), {Slides} window slides, {Decodes} codec decodes")]
    public static partial void StreamFinished(ILogger logger, int frames, int steps, double stepsPerSecond, int slides, int decodes);
}
