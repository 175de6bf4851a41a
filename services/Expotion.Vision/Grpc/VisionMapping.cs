using Expotion.V1;
using Expotion.Vision.Core;

namespace Expotion.Vision.Grpc;

/// <summary>proto ↔ domain for the vision stage, with the protocol's defaults applied.</summary>
public static class VisionMapping
{
    public static VisionSettings ToDomain(this ExtractConfig config)
    {
        var defaults = new VisionSettings();
        return new VisionSettings(
            config.AnalysisWidth == 0 ? defaults.AnalysisWidth : config.AnalysisWidth,
            config.GridCols == 0 ? defaults.GridCols : config.GridCols,
            config.GridRows == 0 ? defaults.GridRows : config.GridRows,
            config.OrientationBins == 0 ? defaults.OrientationBins : config.OrientationBins);
    }

    public static Core.VideoFrame ToDomain(this V1.VideoFrame frame) => new(
        frame.PtsUs, frame.Width, frame.Height,
        frame.Format switch
        {
            PixelFormat.Rgb24 => FramePixelFormat.Rgb24,
            PixelFormat.Gray8 => FramePixelFormat.Gray8,
            PixelFormat.Jpeg => FramePixelFormat.Jpeg,
            PixelFormat.Png => FramePixelFormat.Png,
            _ => throw new InvalidInputException("frame.format", $"unknown pixel format {frame.Format} ({(int)frame.Format}); use RGB24, GRAY8, JPEG or PNG"),
        },
        frame.Data.Memory) { Owner = frame.Lease };

    public static FeatureSchema ToProto(this FeatureLayout layout) => new()
    {
        Id = layout.Id, Dims = layout.Dims, Names = { layout.Names }, MotionEnergyIndex = layout.MotionEnergyIndex,
    };

    public static FeatureFrame ToProto(this FeatureVector vector, string schemaId)
    {
        var frame = new FeatureFrame { PtsUs = vector.PtsUs, Schema = schemaId };
        frame.Values.Add(vector.Values);
        return frame;
    }
}
