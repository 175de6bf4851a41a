using Expotion.Client;
using Expotion.ServiceDefaults;
using Expotion.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Gateway.Grpc;

/// <summary>Pipeline.Perform: the three stage streams composed behind one stream, for thin clients.</summary>
public sealed class PipelineGrpcService(PipelineComposer composer, IOptions<ServiceLimitsOptions> limits, ILogger<PipelineGrpcService> logger)
    : Pipeline.PipelineBase
{
    public override async Task Perform(IAsyncStreamReader<PerformRequest> requests, IServerStreamWriter<PerformResponse> responses, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var config = await requests.ReadConfigAsync(r => r.Config, ct);
        var frames = requests.ReadItemsAsync(r => r.Frame, r => r.KindCase == PerformRequest.KindOneofCase.End, limits.Value.QueueDepth, ct);
        long audio = 0, events = 0;
        var started = DateTime.UtcNow;
        await foreach (var response in composer.PerformAsync(config, frames, ct))
        {
            if (response.KindCase == PerformResponse.KindOneofCase.Audio) audio += response.Audio.Frames;
            else if (response.KindCase == PerformResponse.KindOneofCase.Event) events++;
            await responses.WriteAsync(response, ct);
        }
        GatewayLog.StreamEnded(logger, audio, events, (DateTime.UtcNow - started).TotalSeconds);
    }
}
