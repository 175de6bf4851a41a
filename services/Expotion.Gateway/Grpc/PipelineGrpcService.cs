using Expotion.Gateway.Core;
using Expotion.Gateway.Live;
using Expotion.ServiceDefaults;
using Expotion.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Gateway.Grpc;

/// <summary>
/// Pipeline.Perform: the three stage streams composed behind one stream, for thin clients. The caller's
/// deadline goes on to every stage call; its cancellation (or that deadline) cancels them.
/// </summary>
public sealed class PipelineGrpcService(PerformSession session, IOptions<ServiceLimitsOptions> limits, ILogger<PipelineGrpcService> logger)
    : Pipeline.PipelineBase
{
    public override async Task Perform(IAsyncStreamReader<PerformRequest> requests, IServerStreamWriter<PerformResponse> responses, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var config = await requests.ReadConfigAsync(r => r.Config, ct);
        var stats = new PerformStats();
        var started = DateTime.UtcNow;
        // Over gRPC nothing is dropped: a full queue stops the reader and HTTP/2 flow control pushes back.
        await foreach (var response in session.RunAsync(config, requests.ReadAllAsync(ct), limits.Value.QueueDepth, dropStale: false, stats,
                           context.Deadline == DateTime.MaxValue ? null : context.Deadline, ct))
            await responses.WriteAsync(response, ct);
        GatewayLog.StreamEnded(logger, stats.AudioFrames, stats.Events, (DateTime.UtcNow - started).TotalSeconds);
    }
}
