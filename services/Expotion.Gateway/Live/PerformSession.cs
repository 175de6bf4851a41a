using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Expotion.Composition;
using Expotion.Core;
using Expotion.ServiceDefaults.Telemetry;
using Expotion.V1;

namespace Expotion.Gateway.Live;

/// <summary>What one Perform stream did at the gateway (for its log line).</summary>
public sealed class PerformStats
{
    private long _framesIn, _framesDropped, _audioFrames, _events, _updates;
    public long FramesIn => Interlocked.Read(ref _framesIn);
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    public long AudioFrames => Interlocked.Read(ref _audioFrames);
    public long Events => Interlocked.Read(ref _events);
    public long Updates => Interlocked.Read(ref _updates);
    internal void FrameIn() => Interlocked.Increment(ref _framesIn);
    internal void FrameDropped() => Interlocked.Increment(ref _framesDropped);
    internal void Audio(int frames) => Interlocked.Add(ref _audioFrames, frames);
    internal void Event() => Interlocked.Increment(ref _events);
    internal void Update() => Interlocked.Increment(ref _updates);
}

/// <summary>
/// One Perform stream at the gateway, shared by the gRPC and the WebSocket endpoints. Frames go to the
/// composed pipeline (<see cref="IPerformer"/>); a <see cref="PerformUpdate"/> (a new prompt) is applied
/// at the next audio chunk boundary after the last frame received: the running pipeline stream (a
/// "segment") gets its end there, a new one with the updated config takes over, and its frames and outputs
/// are shifted by that boundary, so the client sees one continuous timeline. The new segment's stage streams
/// are opened when the update arrives, not at the boundary, so their start-up (connections, the music stage's
/// synth) is not a gap in the audio; a second update before the boundary abandons the first one's segment. The old segment's outputs
/// at or after the boundary (its release tail) are dropped; the new segment's schema and the old one's
/// summary are not repeated.
/// </summary>
public sealed class PerformSession(IPerformer performer, GatewayMetrics? metrics = null)
{
    private const int OutputDepth = 256;

    /// <param name="config">The stream's config (the first message).</param>
    /// <param name="requests">The messages after the config; the stream ends at <c>end</c> or when this ends.</param>
    /// <param name="frameQueue">Frames queued in front of the pipeline.</param>
    /// <param name="dropStale">Live: a full queue drops its oldest frame (counted) instead of waiting.</param>
    /// <param name="deadline">The caller's deadline (UTC; null = none), handed on to every stage call.</param>
    public async IAsyncEnumerable<PerformResponse> RunAsync(PerformConfig config, IAsyncEnumerable<PerformRequest> requests,
        int frameQueue, bool dropStale, PerformStats stats, DateTime? deadline, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = cts.Token;
        StageMetrics.Tag("expotion.stream.id", Guid.NewGuid().ToString("N"));
        StageMetrics.Tag("expotion.music.backend", config.Music?.Backend is { Length: > 0 } backend ? backend : "default");
        var segments = Channel.CreateUnbounded<Segment>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var started = new List<Segment>();
        var reader = Task.Run(async () =>
        {
            try
            {
                await ReadAsync(config, requests, frameQueue, dropStale, stats, deadline, segments.Writer, started, ct);
                segments.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                // Whatever segment the caller is reading ends with this failure, then everything stops.
                segments.Writer.TryComplete(ex);
                lock (started) foreach (var s in started) s.Output.Writer.TryComplete(ex);
                await cts.CancelAsync();
            }
        }, CancellationToken.None);

        try
        {
            var first = true;
            // Read with the caller's token, not the session's: a failed reader completes the channels with its
            // error and then cancels the session, and that error (not the cancellation) is what the caller must see.
            await foreach (var segment in segments.Reader.ReadAllAsync(cancellationToken))
            {
                await foreach (var response in segment.Output.Reader.ReadAllAsync(cancellationToken))
                {
                    if (Shift(segment, response, first) is not { } message) continue;
                    if (message.KindCase == PerformResponse.KindOneofCase.Audio)
                    {
                        stats.Audio(message.Audio.Frames);
                        metrics?.AudioOut(message.Audio.Timing);
                    }
                    else if (message.KindCase == PerformResponse.KindOneofCase.Event) stats.Event();
                    yield return message;
                }
                first = false;
            }
        }
        finally
        {
            await cts.CancelAsync();
            await reader;
            Segment[] all;
            lock (started) all = [.. started];
            foreach (var s in all) s.Frames.Writer.TryComplete();
            await Task.WhenAll(all.Select(s => s.Pump));
        }
    }

    private async Task ReadAsync(PerformConfig config, IAsyncEnumerable<PerformRequest> requests, int frameQueue, bool dropStale,
        PerformStats stats, DateTime? deadline, ChannelWriter<Segment> segments, List<Segment> started, CancellationToken ct)
    {
        // Segments switch on a boundary of both the audio chunks and the 50 Hz condition grid.
        var chunkUs = (config.Music?.ChunkMs is > 0 and var ms ? ms : 100) * 1000L;
        var unitUs = chunkUs / Gcd(chunkUs, TimeGrid.PeriodUs) * TimeGrid.PeriodUs;
        var current = Start(config, 0);
        Segment? next = null;           // opened at an update, takes over at switchAt
        long? switchAt = null;
        long lastPts = -1;
        ClientReport? lastReport = null;
        await foreach (var request in requests.WithCancellation(ct))
        {
            switch (request.KindCase)
            {
                case PerformRequest.KindOneofCase.Frame:
                    var frame = request.Frame;
                    if (frame.Timing is { } times) times.GatewayInUs = HopLedger.NowUs();
                    if (frame.PtsUs <= lastPts)
                        throw new InvalidInputException("frame.pts_us", $"{frame.PtsUs} does not follow {lastPts}; timestamps must increase");
                    lastPts = frame.PtsUs;
                    stats.FrameIn();
                    if (switchAt is { } at && frame.PtsUs >= at)
                    {
                        current.EndUs = at;
                        current.Frames.Writer.TryComplete();
                        (current, next, switchAt) = (next!, null, null);
                    }
                    if (current.OffsetUs != 0)
                    {
                        frame = frame.Clone();
                        frame.PtsUs -= current.OffsetUs;
                    }
                    if (dropStale) current.Frames.Writer.TryWrite(frame);   // DropOldest: never full
                    else await current.Frames.Writer.WriteAsync(frame, ct);
                    break;
                case PerformRequest.KindOneofCase.Update:
                    stats.Update();
                    var updated = Apply((next ?? current).Config, request.Update);
                    // The next chunk boundary after the last frame: frames before it still go to the running segment.
                    switchAt = lastPts < 0 ? 0 : (lastPts / unitUs + 1) * unitUs;
                    if (next is not null) Abandon(next);
                    next = Start(updated, switchAt.Value);
                    break;
                case PerformRequest.KindOneofCase.End:
                    current.Frames.Writer.TryComplete();
                    if (next is not null) Abandon(next);
                    return;
                case PerformRequest.KindOneofCase.Report:
                    // The client's playback counters, for the metrics: nothing in the pipeline depends on them.
                    metrics?.Report(lastReport, request.Report);
                    lastReport = request.Report;
                    break;
                case PerformRequest.KindOneofCase.Config:
                    throw new InvalidInputException("config", "a config may only be the first message; send an update to change the prompt");
                default:
                    throw new InvalidInputException("kind", "a message with no kind set (expected frame, update, report or end)");
            }
        }
        current.Frames.Writer.TryComplete();
        if (next is not null) Abandon(next);

        // A segment that never takes over: no frames, and nothing it says reaches the client.
        static void Abandon(Segment segment)
        {
            segment.EndUs = segment.OffsetUs;
            segment.Frames.Writer.TryComplete();
        }

        Segment Start(PerformConfig segmentConfig, long offsetUs)
        {
            var frames = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(Math.Max(1, frameQueue))
            {
                FullMode = dropStale ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
                SingleReader = true, SingleWriter = true,
            }, _ =>
            {
                stats.FrameDropped();
                metrics?.FramesDropped.Add(1);
            });
            var output = Channel.CreateBounded<PerformResponse>(new BoundedChannelOptions(OutputDepth) { SingleReader = true, SingleWriter = true });
            var pump = Task.Run(async () =>
            {
                using var depth = QueueDepths.Track("gateway.frames", frames.Reader);
                try
                {
                    await foreach (var response in performer.PerformAsync(segmentConfig, frames.Reader.ReadAllAsync(ct), deadline, ct))
                        await output.Writer.WriteAsync(response, ct);
                    output.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    output.Writer.TryComplete(ex);
                }
            }, CancellationToken.None);
            var segment = new Segment(segmentConfig, offsetUs, frames, output, pump);
            lock (started) started.Add(segment);
            segments.TryWrite(segment);
            return segment;
        }
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    private static PerformConfig Apply(PerformConfig config, PerformUpdate update)
    {
        var next = config.Clone();
        next.Music ??= new GenerateConfig();
        if (update.Prompt.Length > 0) next.Music.Prompt = update.Prompt;
        return next;
    }

    /// <summary>Moves a segment's output onto the stream's timeline; null for what the client must not see twice.</summary>
    private static PerformResponse? Shift(Segment segment, PerformResponse response, bool firstSegment)
    {
        var offset = segment.OffsetUs;
        var end = segment.EndUs ?? long.MaxValue;
        switch (response.KindCase)
        {
            case PerformResponse.KindOneofCase.Audio:
                if (response.Audio.PtsUs + offset >= end) return null;
                response.Audio.PtsUs += offset;
                if (response.Audio.Timing is { } times) times.GatewayOutUs = HopLedger.NowUs();
                break;
            case PerformResponse.KindOneofCase.Event:
                if (response.Event.PtsUs + offset >= end) return null;
                response.Event.PtsUs += offset;
                break;
            case PerformResponse.KindOneofCase.Features:
                response.Features.PtsUs += offset;
                break;
            case PerformResponse.KindOneofCase.Condition:
                response.Condition.PtsUs += offset;
                response.Condition.Index += offset / TimeGrid.PeriodUs;
                break;
            case PerformResponse.KindOneofCase.Schema:
                if (!firstSegment) return null;
                break;
            case PerformResponse.KindOneofCase.Summary:
                if (segment.EndUs is not null) return null;
                break;
        }
        return response;
    }

    private sealed class Segment(PerformConfig config, long offsetUs, Channel<VideoFrame> frames, Channel<PerformResponse> output, Task pump)
    {
        private long _endUs = -1;
        public PerformConfig Config { get; } = config;
        public long OffsetUs { get; } = offsetUs;
        public Channel<VideoFrame> Frames { get; } = frames;
        public Channel<PerformResponse> Output { get; } = output;
        public Task Pump { get; } = pump;

        /// <summary>Where the next segment takes over (absolute µs); null while this one is the last.</summary>
        public long? EndUs
        {
            get => Volatile.Read(ref _endUs) is var v && v >= 0 ? v : null;
            set => Volatile.Write(ref _endUs, value ?? -1);
        }
    }
}
