using System.Diagnostics;
using System.Runtime.CompilerServices;
using Expotion.Composition;
using Expotion.Core;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Expotion.Cli.Bench;

/// <summary>
/// One live stream of the load bench: the pre-rendered frames, looped, sent at the frame rate through the
/// pipeline (causal smoothing, features and conditions echoed back), with each hop's added latency recorded
/// as the responses come back. A failed stream counts an error and ends; the others go on.
/// </summary>
/// With an ensemble place the stream joins that session at the gateway: its own features and conditions come back as alone,
/// and the audio is the session's, on the member's own timeline, so the same hops are timed against the member's own frames.
internal sealed class LoadStream(IPerformer performer, byte[][] frames, LoadOptions options, LoadRecorder recorder, Stopwatch clock, HopBudget budget,
    StreamControl control, EnsembleConfig? ensemble = null)
{
    /// <summary>The wall clock (the stages' stamps, <see cref="HopLedger.NowUs"/>) at the shared clock's zero.</summary>
    private readonly long _epochUs = HopLedger.NowUs() - clock.Elapsed.Ticks / TimeSpan.TicksPerMicrosecond;

    private int _sent;

    /// <summary>Sends frames from <paramref name="startAt"/> (on the shared clock) until the window's stop time (which moves
    /// later while the bench waits for a steady state, never past its latest), then reads the rest of the output.</summary>
    public async Task RunAsync(TimeSpan startAt, LoadWindow window, CancellationToken ct)
    {
        var count = (int)Math.Max(1, Math.Floor((window.LatestStop - startAt).TotalSeconds * options.Fps));   // room for the longest run
        var sentAt = new double[count];
        var featureAt = new double[count];
        var conditionAt = new Dictionary<long, double>();
        var config = new PerformConfig
        {
            Vision = new ExtractConfig { LiveFrameQueue = options.LiveQueue },
            Smoothing = new AlignConfig { Mode = SmoothingMode.Causal },
            Music = new GenerateConfig { Prompt = "funk with drums", ChunkMs = options.ChunkMs },
            IncludeFeatures = true,
            Ensemble = ensemble,
        };
        var newestCondition = -1L;
        recorder.StreamOpened();
        try
        {
            await foreach (var r in performer.PerformAsync(config, PacedAsync(startAt, window, count, sentAt, ct), ct))
            {
                var now = clock.Elapsed.TotalMilliseconds;
                switch (r.KindCase)
                {
                    case PerformResponse.KindOneofCase.Features:
                        recorder.FeatureBack();
                        var i = FrameIndex(r.Features.PtsUs);
                        if (i < count)
                        {
                            featureAt[i] = now;
                            recorder.Latency(LoadHop.Vision, now - sentAt[i]);
                        }
                        break;
                    case PerformResponse.KindOneofCase.Condition:
                        recorder.ConditionBack();
                        conditionAt[r.Condition.Index] = now;
                        newestCondition = Math.Max(newestCondition, r.Condition.Index);
                        // Causal smoothing emits grid point g once the first frame at or after g has been analysed.
                        var releasedBy = ReleasingFrame(r.Condition.PtsUs, Sent);
                        if (featureAt[releasedBy] > 0) recorder.Latency(LoadHop.Smoothing, now - featureAt[releasedBy]);
                        break;
                    case PerformResponse.KindOneofCase.Audio:
                        recorder.AudioBack(r.Audio.Frames);
                        if (recorder.Counting && r.Audio.Timing is { } times) budget.Add(times, HopLedger.NowUs());
                        var endUs = r.Audio.PtsUs + (long)Math.Round(r.Audio.Frames * 1e6 / r.Audio.SampleRate);
                        var lastGrid = TimeGrid.FloorIndex(endUs - 1);   // the last condition the chunk covers
                        // Chunks that only flush the stream's end are released by the end message, not a frame.
                        var byFrame = TimeGrid.PtsOf(lastGrid) <= FramePts(Sent - 1);
                        if (conditionAt.Remove(lastGrid, out var conditionTime) && byFrame)
                        {
                            recorder.Latency(LoadHop.Music, now - conditionTime);
                            var pipeline = now - sentAt[ReleasingFrame(TimeGrid.PtsOf(lastGrid), Sent)];
                            recorder.Latency(LoadHop.Pipeline, pipeline);
                            if (recorder.Counting) control.Chunk(pipeline);
                        }
                        else if (byFrame && lastGrid > newestCondition && ensemble is not null && recorder.Counting)
                            control.Chunk(null);   // merged before this member's own row for it came back
                        foreach (var old in conditionAt.Keys.Where(k => k < lastGrid).ToList()) conditionAt.Remove(old);
                        break;
                    case PerformResponse.KindOneofCase.Session when r.Session is { Kind: SessionEvent.Types.Kind.Joined } joined && joined.Member == ensemble?.Member:
                        control.Role = joined.Members.FirstOrDefault(m => m.Name == joined.Member)?.Role ?? "?";
                        break;
                }
            }
        }
        catch (RpcException) when (!ct.IsCancellationRequested)
        {
            recorder.Error();
        }
        finally
        {
            recorder.StreamClosed();
        }
    }

    /// <summary>Frames sent so far (at least one, for the clamps below).</summary>
    private int Sent => Math.Max(1, Volatile.Read(ref _sent));

    private long FramePts(int index) => (long)Math.Round(index * 1e6 / options.Fps);

    private int FrameIndex(long ptsUs) => (int)Math.Round(ptsUs * options.Fps / 1e6);

    /// <summary>The first frame at or after <paramref name="ptsUs"/> (the last frame when there is none).</summary>
    private int ReleasingFrame(long ptsUs, int count)
    {
        var i = (int)Math.Ceiling(ptsUs * options.Fps / 1e6 - 1e-9);
        if (i < count && FramePts(i) < ptsUs) i++;
        return Math.Clamp(i, 0, count - 1);
    }

    private async IAsyncEnumerable<VideoFrame> PacedAsync(TimeSpan startAt, LoadWindow window, int count, double[] sentAt, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; i < count && startAt + TimeSpan.FromSeconds(i / options.Fps) < window.Stop; i++)
        {
            var due = startAt + TimeSpan.FromSeconds(i / options.Fps) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, ct);
            // The frame's capture time: a sender held up by push-back or a late timer shows as latency.
            sentAt[i] = (startAt + TimeSpan.FromSeconds(i / options.Fps)).TotalMilliseconds;
            recorder.FrameSent();
            Volatile.Write(ref _sent, i + 1);
            yield return new VideoFrame
            {
                PtsUs = FramePts(i), Width = options.Width, Height = options.Height, Format = PixelFormat.Rgb24,
                Data = UnsafeByteOperations.UnsafeWrap(frames[i % frames.Length]),
                Timing = new HopTimes { SourcePtsUs = FramePts(i), CaptureUs = _epochUs + (long)(sentAt[i] * 1000), SendUs = HopLedger.NowUs() },
            };
        }
    }
}
