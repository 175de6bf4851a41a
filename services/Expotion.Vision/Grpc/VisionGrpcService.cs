using Expotion.ServiceDefaults;
using Expotion.V1;
using Expotion.Vision.Core;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Vision.Grpc;

/// <summary>Vision.Extract over <see cref="FeatureExtractor"/>: validate the config, map, pump, log one line.</summary>
public sealed class VisionGrpcService(FeatureExtractor extractor, IOptions<ServiceLimitsOptions> limits, ILogger<VisionGrpcService> logger)
    : V1.Vision.VisionBase
{
    public override async Task Extract(IAsyncStreamReader<ExtractRequest> requests, IServerStreamWriter<ExtractResponse> responses, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var config = await requests.ReadConfigAsync(r => r.Config, ct);
        var settings = config.ToDomain();
        settings.Validate();
        var layout = extractor.Layout(settings);
        await responses.WriteAsync(new ExtractResponse { Schema = layout.ToProto() }, ct);
        var stats = new StreamStats();
        var frames = requests.ReadItemsAsync(r => r.Frame, r => r.KindCase == ExtractRequest.KindOneofCase.End, limits.Value.QueueDepth, ct)
            .Select(f => f.WithinLimits(limits.Value.MaxFramePixels).ToDomain());
        await foreach (var features in extractor.ExtractAsync(settings, frames, stats, ct))
            await responses.WriteAsync(new ExtractResponse { Features = features.ToProto(layout.Id) }, ct);
        await responses.WriteAsync(new ExtractResponse { Summary = stats.ToSummary() }, ct);
        VisionLog.StreamEnded(logger, stats.In, stats.Out, settings.AnalysisWidth, stats.Elapsed.TotalSeconds);
    }
}
