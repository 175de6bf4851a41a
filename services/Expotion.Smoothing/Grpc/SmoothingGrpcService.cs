using Expotion.ServiceDefaults;
using Expotion.Smoothing.Core;
using Expotion.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Smoothing.Grpc;

/// <summary>Smoothing.Align over <see cref="TimelineAligner"/>: validate the config, map, pump, log one line.</summary>
public sealed class SmoothingGrpcService(TimelineAligner aligner, IOptions<ServiceLimitsOptions> limits, ILogger<SmoothingGrpcService> logger)
    : V1.Smoothing.SmoothingBase
{
    public override async Task Align(IAsyncStreamReader<AlignRequest> requests, IServerStreamWriter<AlignResponse> responses, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var config = await requests.ReadConfigAsync(r => r.Config, ct);
        var settings = config.ToDomain();
        var schemaId = config.Schema.Id;
        var stats = new StreamStats();
        var frames = requests.ReadItemsAsync(r => r.Frame, r => r.KindCase == AlignRequest.KindOneofCase.End, limits.Value.QueueDepth, ct)
            .Select(f => f.ToDomain(schemaId));
        await foreach (var condition in aligner.AlignAsync(settings, frames, stats, ct))
            await responses.WriteAsync(new AlignResponse { Condition = condition.ToProto() }, ct);
        await responses.WriteAsync(new AlignResponse { Summary = stats.ToSummary() }, ct);
        SmoothingLog.StreamEnded(logger, settings.Mode, settings.Dims, stats.In, stats.Out, stats.Elapsed.TotalSeconds);
    }
}
