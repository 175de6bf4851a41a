using Microsoft.Extensions.Logging;

namespace Expotion.Vision.Grpc;

internal static partial class PersonFeaturesLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Face and pose features on (expotion.motion+face+pose.v1): models from {Directory}, ONNX Runtime on {Device}")]
    public static partial void On(ILogger logger, string directory, string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Face and pose features requested but not available: {Reason}. Streams use expotion.motion+face+pose.v1 with face.present = pose.present = 0")]
    public static partial void Unavailable(ILogger logger, string reason);
}
