using System.Diagnostics;
using Expotion.Client.Compose;
using Expotion.Client.Media;
using Expotion.Composition;
using Expotion.V1;

namespace Expotion.Eval;

/// <summary>
/// Composes a video through the pipeline (any <see cref="IPerformer"/>) and keeps what the evaluation needs:
/// the WAV, the vision stage's motion energy for the same frames (include_features), the music events, and
/// wall-clock send/arrival times for the latency figure.
/// </summary>
public static class EvalComposer
{
    public static async Task<ComposedTake> ComposeAsync(IPerformer performer, ComposeRequest request, CancellationToken cancellationToken)
    {
        var info = await VideoFileSource.ProbeAsync(request.VideoPath, cancellationToken);
        var fps = request.Fps > 0 ? request.Fps : Math.Min(info.Fps, 30);
        var clock = Stopwatch.StartNew();
        var sent = new List<(long PtsUs, double WallMs)>();
        var arrivals = new List<(long PtsUs, double WallMs, float[] Samples, int Channels)>();
        var events = new List<MusicEvent>();
        var motion = new MotionCollector();
        var frames = VideoFileSource.ReadAsync(info, fps, request.MaxWidth, cancellationToken);
        if (request.LivePace) frames = ComposeJob.PaceAsync(frames, cancellationToken);
        frames = Stamp(frames, sent, clock);
        var config = request.ToConfig();
        config.IncludeFeatures = true;
        using (var wav = new WavSink(request.OutputWav))
        {
            await foreach (var response in performer.PerformAsync(config, frames, cancellationToken))
            {
                switch (response.KindCase)
                {
                    case PerformResponse.KindOneofCase.Audio:
                        wav.Write(response.Audio);
                        if (request.LivePace)
                            arrivals.Add((response.Audio.PtsUs, clock.Elapsed.TotalMilliseconds, WavSink.Decode(response.Audio), response.Audio.Channels));
                        break;
                    case PerformResponse.KindOneofCase.Event:
                        events.Add(response.Event);
                        break;
                    case PerformResponse.KindOneofCase.Schema:
                        motion.Schema(response.Schema);
                        break;
                    case PerformResponse.KindOneofCase.Features:
                        motion.Add(response.Features);
                        break;
                }
            }
        }
        clock.Stop();
        return new ComposedTake(request.OutputWav, info.DurationSeconds, motion.Analyze(), events, clock.Elapsed, sent, arrivals);
    }

    private static async IAsyncEnumerable<VideoFrame> Stamp(IAsyncEnumerable<VideoFrame> frames, List<(long, double)> sent, Stopwatch clock)
    {
        await foreach (var frame in frames)
        {
            lock (sent) sent.Add((frame.PtsUs, clock.Elapsed.TotalMilliseconds));
            yield return frame;
        }
    }
}
