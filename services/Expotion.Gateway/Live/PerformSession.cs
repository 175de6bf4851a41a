using Grpc.Core;
using Expotion.Composition;
using Expotion.Core;
using Expotion.Gateway.Core;
using Expotion.ServiceDefaults.Telemetry;
using Expotion.V1;

namespace Expotion.Gateway.Live;

/// <summary>
/// A Perform stream as the gateway's endpoints (gRPC and WebSocket) speak it: maps the proto messages onto
/// <see cref="PerformSession{TConfig, TFrame, TOutput}"/> (Gateway.Core: segments, channels, the timeline),
/// stamps the gateway's hop times, feeds the gateway's metrics, and runs the composed pipeline.
/// </summary>
/// A config with <c>ensemble</c> set joins an ensemble session instead (<see cref="EnsembleStream"/>).
public sealed class PerformSession(IPerformer performer, GatewayMetrics? metrics = null, EnsembleStream? ensemble = null)
{
    private readonly PerformSession<PerformConfig, VideoFrame, PerformResponse> _session = new(new Composed(performer), ProtoPerformFormat.Instance,
        frameDropped: () => metrics?.FramesDropped.Add(1), trackFrames: frames => QueueDepths.Track("gateway.frames", frames));

    /// <param name="config">The stream's config (the first message).</param>
    /// <param name="requests">The messages after the config; the stream ends at <c>end</c> or when this ends.</param>
    /// <param name="frameQueue">Frames queued in front of the pipeline.</param>
    /// <param name="dropStale">Live: a full queue drops its oldest frame (counted) instead of waiting.</param>
    /// <param name="deadline">The caller's deadline (UTC; null = none), handed on to every stage call.</param>
    public async IAsyncEnumerable<PerformResponse> RunAsync(PerformConfig config, IAsyncEnumerable<PerformRequest> requests,
        int frameQueue, bool dropStale, PerformStats stats, DateTime? deadline, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StageMetrics.Tag("expotion.stream.id", Guid.NewGuid().ToString("N"));
        if (config.Ensemble is not null)
        {
            if (ensemble is null) throw new RpcException(new Status(StatusCode.Unimplemented, "ensemble: this gateway does not host ensemble sessions"));
            StageMetrics.Tag("expotion.ensemble.session", config.Ensemble.Session);
            await foreach (var response in ensemble.RunAsync(config, requests, frameQueue, dropStale, stats, deadline, cancellationToken))
                yield return response;
            yield break;
        }
        StageMetrics.Tag("expotion.music.backend", config.Music?.Backend is { Length: > 0 } backend ? backend : "default");
        ClientReport? lastReport = null;
        await foreach (var response in _session.RunAsync(config, requests.Select(ToInput), frameQueue, dropStale, stats, deadline, cancellationToken))
        {
            if (response.KindCase == PerformResponse.KindOneofCase.Audio)
            {
                if (response.Audio.Timing is { } times) times.GatewayOutUs = HopLedger.NowUs();
                metrics?.AudioOut(response.Audio.Timing);
            }
            yield return response;
        }

        PerformInput<VideoFrame> ToInput(PerformRequest request)
        {
            switch (request.KindCase)
            {
                case PerformRequest.KindOneofCase.Frame:
                    if (request.Frame.Timing is { } times) times.GatewayInUs = HopLedger.NowUs();
                    return PerformInput<VideoFrame>.OfFrame(request.Frame);
                case PerformRequest.KindOneofCase.Update when request.Update.Role.Length > 0:
                    throw new RpcException(new Status(StatusCode.FailedPrecondition,
                        "update.role: only an ensemble member has a role; join a session (config.ensemble) to take one"));
                case PerformRequest.KindOneofCase.Update:
                    return PerformInput<VideoFrame>.OfUpdate(request.Update.Prompt);
                case PerformRequest.KindOneofCase.Report:
                    // The client's playback counters, for the metrics: nothing in the pipeline depends on them.
                    metrics?.Report(lastReport, request.Report);
                    lastReport = request.Report;
                    return PerformInput<VideoFrame>.Report;
                case PerformRequest.KindOneofCase.End:
                    return PerformInput<VideoFrame>.End;
                case PerformRequest.KindOneofCase.Config:
                    throw new InvalidInputException("config", "a config may only be the first message; send an update to change the prompt");
                default:
                    throw new InvalidInputException("kind", "a message with no kind set (expected frame, update, report or end)");
            }
        }
    }

    private sealed class Composed(IPerformer performer) : IPerformer<PerformConfig, VideoFrame, PerformResponse>
    {
        public IAsyncEnumerable<PerformResponse> PerformAsync(PerformConfig config, IAsyncEnumerable<VideoFrame> frames, DateTime? deadline, CancellationToken cancellationToken) =>
            performer.PerformAsync(config, frames, deadline, cancellationToken);
    }
}
