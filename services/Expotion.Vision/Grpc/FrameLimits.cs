using Expotion.ServiceDefaults;

namespace Expotion.Vision.Grpc;

/// <summary>The configured frame size limit (<see cref="ServiceLimitsOptions.MaxFramePixels"/>), checked before a frame is decoded.</summary>
public static class FrameLimits
{
    public static V1.VideoFrame WithinLimits(this V1.VideoFrame frame, long maxPixels)
    {
        if (maxPixels <= 0 || frame.Width <= 0 || frame.Height <= 0) return frame;   // sizes ≤ 0 are InvalidArgument, found by the decoder
        var pixels = (long)frame.Width * frame.Height;
        if (pixels > maxPixels)
            throw new LimitExceededException($"{ServiceLimitsOptions.SectionName}:{nameof(ServiceLimitsOptions.MaxFramePixels)}",
                $"a {frame.Width}x{frame.Height} frame has {pixels} pixels, over the limit of {maxPixels}; send smaller frames "
                + $"or raise {ServiceLimitsOptions.SectionName}__{nameof(ServiceLimitsOptions.MaxFramePixels)} on the vision stage");
        return frame;
    }
}
