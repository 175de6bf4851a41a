using Expotion.Smoothing.Core;
using Expotion.V1;
using SmoothingMode = Expotion.Smoothing.Core.SmoothingMode;

namespace Expotion.Smoothing.Grpc;

/// <summary>proto ↔ domain for the smoothing stage, with the protocol's defaults applied.</summary>
public static class SmoothingMapping
{
    public static AlignSettings ToDomain(this AlignConfig config)
    {
        if (config.Schema is null || config.Schema.Dims <= 0)
            throw new InvalidInputException("config.schema.dims", "the config must name the feature schema and its dims (> 0)");
        var mode = config.Mode switch
        {
            V1.SmoothingMode.Unspecified or V1.SmoothingMode.Causal => SmoothingMode.Causal,
            V1.SmoothingMode.Centred => SmoothingMode.Centred,
            V1.SmoothingMode.ExpotionOffline => SmoothingMode.ExpotionOffline,
            _ => throw new InvalidInputException("config.mode", $"unknown smoothing mode {(int)config.Mode}"),
        };
        return new AlignSettings(config.Schema.Dims, mode,
            config.SmoothingMs == 0 ? AlignSettings.DefaultSmoothingMs : config.SmoothingMs, config.LookaheadMs, config.TargetFrames);
    }

    public static FeatureSample ToDomain(this FeatureFrame frame, string schemaId)
    {
        if (schemaId.Length > 0 && frame.Schema.Length > 0 && frame.Schema != schemaId)
            throw new InvalidInputException("frame.schema", $"'{frame.Schema}' differs from the config's '{schemaId}'");
        var values = new float[frame.Values.Count];
        frame.Values.CopyTo(values, 0);
        return new FeatureSample(frame.PtsUs, values);
    }

    public static ConditionFrame ToProto(this ConditionVector condition)
    {
        var frame = new ConditionFrame { PtsUs = condition.PtsUs, Index = condition.Index };
        frame.Values.Add(condition.Values);
        return frame;
    }

}
