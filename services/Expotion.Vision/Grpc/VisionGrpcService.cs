using Expotion.Resume;
using Expotion.ServiceDefaults;
using Expotion.ServiceDefaults.Telemetry;
using Expotion.V1;
using Expotion.Vision.Core;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Vision.Grpc;

/// <summary>
/// Vision.Extract over <see cref="FeatureExtractor"/>: validate the config, map, pump, log one line.
/// Back-pressure: lossless by default (a full queue holds the sender back); a live stream
/// (<c>live_frame_queue</c> &gt; 0) drops its oldest waiting frame instead, counted in the summary.
/// Lossless streams are resumable (vision.proto, ExtractConfig.resume): a checkpoint after the schema and
/// after every features message, naming that frame as the first one to replay (the flow needs the previous
/// frame, the pose tracker the previous pose: replaying one frame rebuilds both); a resumed stream sends no
/// features before the resume time. A frame's pooled pixels (<see cref="V1.VideoFrame.Lease"/>) go back to the pool once
/// the extractor has analysed it (<see cref="Core.VideoFrame.Owner"/>), or when a live queue drops it.
/// </summary>
public sealed class VisionGrpcService(FeatureExtractor extractor, IOptions<ServiceLimitsOptions> limits, VisionMetrics metrics, ILogger<VisionGrpcService> logger)
{
    /// <summary>The Vision.Extract call (bound by <see cref="VisionMethodProvider"/>: frames arrive in pooled buffers, returned here).</summary>
    public async Task Extract(IAsyncStreamReader<ExtractRequest> requests, IServerStreamWriter<ExtractResponse> responses, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var config = await requests.ReadConfigAsync(r => r.Config, ct);
        var settings = config.ToDomain();
        settings.Validate();
        if (config.LiveFrameQueue < 0)
            throw new InvalidInputException("config.live_frame_queue", $"must be 0 (lossless) or a queue length, got {config.LiveFrameQueue}");
        var live = config.LiveFrameQueue;
        var layout = extractor.Layout(settings);
        // Only a lossless stream maps its features one to one onto its frames' indices, so only it checkpoints.
        var resumable = live == 0;
        if (config.Resume is not null && !resumable)
            throw new InvalidInputException("config.resume", "a live stream (live_frame_queue > 0) cannot be resumed");
        // A checkpoint after every features message: one replayed frame rebuilds the flow's and the pose tracker's state.
        var resume = new StreamResume(settings.Fingerprint(layout.Id), config.Resume?.ToStageResumePoint(),
            replaysFromStart: false, checkpointEveryUs: 0);
        var state = ByteString.CopyFrom(resume.State);
        StageMetrics.Tag("expotion.stream.resumed", resume.Point is not null);
        StageMetrics.Tag("expotion.vision.live_frame_queue", live);
        if (resume.Point is not null) metrics.Resumes.Add(1);
        await responses.WriteAsync(new ExtractResponse { Schema = layout.ToProto() }, ct);
        if (resumable)   // acknowledges the config: from here on the client may resume this stream
            await responses.WriteAsync(new ExtractResponse { Checkpoint = ResumeToken.Checkpoint(resume.FromPtsUs, resume.ReplayFromIndex, state) }, ct);
        var stats = new StreamStats();
        var hops = new HopLedger(metrics.FrameTimer());   // stamps of frames that carry them, until their features go out
        // Live streams drop their oldest waiting frame (counted) rather than hold the sender back.
        var frames = requests.ReadItemsAsync(r => hops.Arrived(r.Frame, t => t.VisionInUs = HopLedger.NowUs()), r => r.KindCase == ExtractRequest.KindOneofCase.End,
                live > 0 ? Math.Min(live, limits.Value.QueueDepth) : limits.Value.QueueDepth, ct,
                live > 0 ? dropped => { stats.CountDropped(); metrics.FramesDropped.Add(1); dropped.Lease?.Dispose(); } : null, "vision.frames")
            .Select(f => f.WithinLimits(limits.Value.MaxFramePixels).ToDomain());
        var index = resume.ReplayFromIndex;   // the frame the features come from
        await foreach (var features in extractor.ExtractAsync(settings, frames, stats, ct))
        {
            if (resume.Sends(features.PtsUs))
            {
                var message = features.ToProto(layout.Id);
                message.Timing = hops.AtOrAfter(features.PtsUs, t => t.VisionOutUs = HopLedger.NowUs());
                await responses.WriteAsync(new ExtractResponse { Features = message }, ct);
                if (resumable && resume.CheckpointDue(features.PtsUs + 1))
                    await responses.WriteAsync(new ExtractResponse { Checkpoint = ResumeToken.Checkpoint(features.PtsUs + 1, index, state) }, ct);
            }
            index++;
        }
        await responses.WriteAsync(new ExtractResponse { Summary = StreamSummary.From(stats) }, ct);
        if (resume.Point is not null) VisionLog.StreamResumed(logger, resume.FromPtsUs / 1e6, resume.ReplayFromIndex);
        VisionLog.StreamEnded(logger, stats.In, stats.Dropped, stats.Out, settings.AnalysisWidth, stats.Elapsed.TotalSeconds);
    }
}
