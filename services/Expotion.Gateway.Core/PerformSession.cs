using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Expotion.Core;

namespace Expotion.Gateway.Core;

/// <summary>
/// One Perform stream at the gateway, whatever endpoint it came by. Frames go to the composed pipeline
/// (<see cref="IPerformer{TConfig, TFrame, TOutput}"/>); an update (a new prompt) is applied at the next
/// <see cref="SegmentBoundary"/> after the last frame received: the running pipeline stream (a "segment") gets
/// its end there, a new one with the updated config takes over, and its frames and outputs are shifted by that
/// boundary, so the client sees one continuous timeline. The new segment's stage streams are opened when the
/// update arrives, not at the boundary, so their start-up (connections, the music stage's synth) is not a gap in
/// the audio; a second update before the boundary abandons the first one's segment. The old segment's audio and
/// events at or after the boundary (its release tail) are dropped; the new segment's schema and the old one's
/// summary are not repeated.
/// </summary>
/// <param name="frameDropped">Called for each frame a live queue drops (beside the stream's stats), e.g. for a metric.</param>
/// <param name="trackFrames">Called with each segment's frame queue while it runs (the lease it returns is disposed at its end), e.g. to observe its depth.</param>
public sealed class PerformSession<TConfig, TFrame, TOutput>(IPerformer<TConfig, TFrame, TOutput> performer, IPerformFormat<TConfig, TFrame, TOutput> format,
    Action? frameDropped = null, Func<ChannelReader<TFrame>, IDisposable>? trackFrames = null)
{
    private const int OutputDepth = 256;

    /// <param name="config">The stream's config (the first message).</param>
    /// <param name="inputs">What came after the config; the stream ends at <c>End</c> or when this ends.</param>
    /// <param name="frameQueue">Frames queued in front of the pipeline.</param>
    /// <param name="dropStale">Live: a full queue drops its oldest frame (counted) instead of waiting.</param>
    /// <param name="deadline">The caller's deadline (UTC; null = none), handed on to every stage call.</param>
    public async IAsyncEnumerable<TOutput> RunAsync(TConfig config, IAsyncEnumerable<PerformInput<TFrame>> inputs,
        int frameQueue, bool dropStale, PerformStats stats, DateTime? deadline, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = cts.Token;
        var segments = Channel.CreateUnbounded<Segment>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var started = new List<Segment>();
        var reader = Task.Run(async () =>
        {
            try
            {
                await ReadAsync(config, inputs, frameQueue, dropStale, stats, deadline, segments.Writer, started, ct);
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
                await foreach (var output in segment.Output.Reader.ReadAllAsync(cancellationToken))
                {
                    if (!Shift(segment, output, first)) continue;
                    switch (format.KindOf(output))
                    {
                        case PerformOutputKind.Audio: stats.Audio(format.AudioFramesOf(output)); break;
                        case PerformOutputKind.Event: stats.Event(); break;
                    }
                    yield return output;
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

    private async Task ReadAsync(TConfig config, IAsyncEnumerable<PerformInput<TFrame>> inputs, int frameQueue, bool dropStale,
        PerformStats stats, DateTime? deadline, ChannelWriter<Segment> segments, List<Segment> started, CancellationToken ct)
    {
        var unitUs = SegmentBoundary.UnitUs(format.ChunkUs(config));
        var current = Start(config, 0);
        Segment? next = null;           // opened at an update, takes over at switchAt
        long? switchAt = null;
        long lastPts = -1;
        await foreach (var input in inputs.WithCancellation(ct))
        {
            switch (input.Kind)
            {
                case PerformInputKind.Frame:
                    var frame = input.Frame!;
                    var pts = format.PtsOf(frame);
                    if (pts <= lastPts)
                        throw new InvalidInputException("frame.pts_us", $"{pts} does not follow {lastPts}; timestamps must increase");
                    lastPts = pts;
                    stats.FrameIn();
                    if (switchAt is { } at && pts >= at)
                    {
                        current.EndUs = at;
                        current.Frames.Writer.TryComplete();
                        (current, next, switchAt) = (next!, null, null);
                    }
                    if (current.OffsetUs != 0) frame = format.Earlier(frame, current.OffsetUs);
                    if (dropStale) current.Frames.Writer.TryWrite(frame);   // DropOldest: never full
                    else await current.Frames.Writer.WriteAsync(frame, ct);
                    break;
                case PerformInputKind.Update:
                    stats.Update();
                    var updated = format.WithPrompt((next ?? current).Config, input.Prompt ?? "");
                    switchAt = SegmentBoundary.After(lastPts, unitUs);
                    if (next is not null) Abandon(next);
                    next = Start(updated, switchAt.Value);
                    break;
                case PerformInputKind.End:
                    current.Frames.Writer.TryComplete();
                    if (next is not null) Abandon(next);
                    return;
                case PerformInputKind.Report:
                    break;   // the client's playback counters: nothing in the pipeline depends on them
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

        Segment Start(TConfig segmentConfig, long offsetUs)
        {
            var frames = Channel.CreateBounded<TFrame>(new BoundedChannelOptions(Math.Max(1, frameQueue))
            {
                FullMode = dropStale ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
                SingleReader = true, SingleWriter = true,
            }, _ =>
            {
                stats.FrameDropped();
                frameDropped?.Invoke();
            });
            var output = Channel.CreateBounded<TOutput>(new BoundedChannelOptions(OutputDepth) { SingleReader = true, SingleWriter = true });
            var pump = Task.Run(async () =>
            {
                using var tracked = trackFrames?.Invoke(frames.Reader);
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

    /// <summary>Moves a segment's output onto the stream's timeline; false for what the client must not see (twice).</summary>
    private bool Shift(Segment segment, TOutput output, bool firstSegment)
    {
        var offset = segment.OffsetUs;
        var end = segment.EndUs ?? long.MaxValue;
        switch (format.KindOf(output))
        {
            case PerformOutputKind.Audio or PerformOutputKind.Event:
                if (format.PtsOf(output) + offset >= end) return false;
                break;
            case PerformOutputKind.Schema:
                return firstSegment;
            case PerformOutputKind.Summary:
                return segment.EndUs is null;
            case PerformOutputKind.Features or PerformOutputKind.Condition:
                break;
            default:
                return true;
        }
        if (offset != 0) format.Later(output, new TimeShift(offset));
        return true;
    }

    private sealed class Segment(TConfig config, long offsetUs, Channel<TFrame> frames, Channel<TOutput> output, Task pump)
    {
        private long _endUs = -1;
        public TConfig Config { get; } = config;
        public long OffsetUs { get; } = offsetUs;
        public Channel<TFrame> Frames { get; } = frames;
        public Channel<TOutput> Output { get; } = output;
        public Task Pump { get; } = pump;

        /// <summary>Where the next segment takes over (absolute µs); null while this one is the last.</summary>
        public long? EndUs
        {
            get => Volatile.Read(ref _endUs) is var v && v >= 0 ? v : null;
            set => Volatile.Write(ref _endUs, value ?? -1);
        }
    }
}
