using Expotion.Resume;
using Expotion.ServiceDefaults;
using Expotion.ServiceDefaults.Telemetry;
using Expotion.Smoothing.Core;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Smoothing.Grpc;

/// <summary>
/// Smoothing.Align over the process's <see cref="IStreamAligner"/> (<see cref="TimelineAligner"/> per stream, or the
/// <see cref="TickAligner"/> with <c>Smoothing:Batching=tick</c>): validate the config, map, pump, log one line.
/// Streams are resumable (smoothing.proto, AlignConfig.resume): the filters' state (the exponential's last
/// output, the Gaussian's window, the resampler's held frame) is rebuilt by replaying the stream from frame 0,
/// so checkpoints (after the config, then every <see cref="CheckpointUs"/> of conditions) always say
/// <c>replay_from_index = 0</c>, with a fingerprint of the config as their state; a resumed stream sends no
/// condition before the resume time.
/// </summary>
public sealed class SmoothingGrpcService(IStreamAligner aligner, IOptions<ServiceLimitsOptions> limits, SmoothingMetrics metrics, ILogger<SmoothingGrpcService> logger)
    : V1.Smoothing.SmoothingBase
{
    /// <summary>Condition time between two checkpoints.</summary>
    public const long CheckpointUs = 1_000_000;

    public override async Task Align(IAsyncStreamReader<AlignRequest> requests, IServerStreamWriter<AlignResponse> responses, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var config = await requests.ReadConfigAsync(r => r.Config, ct);
        var settings = config.ToDomain();
        settings.Validate();
        var schemaId = config.Schema.Id;
        var resume = new StreamResume(settings.Fingerprint(config.Schema.Id, config.Schema.Names, config.Schema.MotionEnergyIndex), config.Resume?.ToStageResumePoint(),
            replaysFromStart: true, CheckpointUs);
        var state = ByteString.CopyFrom(resume.State);
        var mode = settings.Mode.ToString().ToLowerInvariant();
        StageMetrics.Tag("expotion.stream.resumed", resume.Point is not null);
        StageMetrics.Tag("expotion.smoothing.mode", mode);
        if (resume.Point is not null) metrics.Resumes.Add(1);
        // The first response acknowledges the config: from here on the client may resume this stream.
        await responses.WriteAsync(new AlignResponse { Checkpoint = ResumeToken.Checkpoint(resume.FromPtsUs, 0, state) }, ct);
        var stats = new StreamStats();
        var hops = new HopLedger(metrics.FrameTimer(new KeyValuePair<string, object?>("expotion.smoothing.mode", mode)));   // stamps of feature frames that carry them, until a condition they release goes out
        var frames = requests.ReadItemsAsync(r => hops.Arrived(r.Frame), r => r.KindCase == AlignRequest.KindOneofCase.End, limits.Value.QueueDepth, ct,
                queueName: "smoothing.features")
            .Select(f => f.ToDomain(schemaId));
        await foreach (var condition in aligner.AlignAsync(settings, frames, stats, ct))
        {
            if (!resume.Sends(condition.PtsUs)) continue;
            var message = condition.ToProto();
            // The feature frame that released this grid point (causal: the first at or after it).
            message.Timing = hops.AtOrAfter(condition.PtsUs, t => t.SmoothingOutUs = HopLedger.NowUs());
            await responses.WriteAsync(new AlignResponse { Condition = message }, ct);
            if (resume.CheckpointDue(condition.PtsUs + 1))
                await responses.WriteAsync(new AlignResponse { Checkpoint = ResumeToken.Checkpoint(condition.PtsUs + 1, 0, state) }, ct);
        }
        await responses.WriteAsync(new AlignResponse { Summary = StreamSummary.From(stats) }, ct);
        if (resume.Point is not null) SmoothingLog.StreamResumed(logger, resume.FromPtsUs / 1e6, resume.Dropped);
        SmoothingLog.StreamEnded(logger, settings.Mode, settings.Dims, stats.In, stats.Out, stats.Elapsed.TotalSeconds);
    }
}
