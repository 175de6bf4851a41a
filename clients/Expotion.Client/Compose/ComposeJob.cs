using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Expotion.Client.Media;
using Expotion.Composition;
using Expotion.V1;

namespace Expotion.Client.Compose;

/// <summary>
/// Turns a video file into music through any <see cref="IPerformer"/> (stages composed here, or a
/// gateway): reads the frames with ffmpeg, streams them, writes the audio to a WAV as it arrives.
/// </summary>
public static class ComposeJob
{
    /// <param name="session">Called with each session event (who joined or left, the members' meters) when the request joins an ensemble.</param>
    public static async Task<ComposeResult> RunAsync(IPerformer performer, ComposeRequest request,
        IProgress<ComposeProgress>? progress, CancellationToken cancellationToken, Action<SessionEvent>? session = null)
    {
        var info = await VideoFileSource.ProbeAsync(request.VideoPath, cancellationToken);
        var fps = request.Fps > 0 ? request.Fps : Math.Min(info.Fps, 30);
        var total = info.DurationSeconds > 0 ? (long)Math.Round(info.DurationSeconds * fps) : 0;
        var clock = Stopwatch.StartNew();
        long sent = 0;
        var events = new List<MusicEvent>();
        var frames = Count(VideoFileSource.ReadAsync(info, fps, request.MaxWidth, cancellationToken), () => sent++);
        if (request.LivePace) frames = PaceAsync(frames, cancellationToken);

        using (var wav = new WavSink(request.OutputWav))
        {
            var lastReport = TimeSpan.Zero;
            await foreach (var response in performer.PerformAsync(request.ToConfig(), frames, cancellationToken))
            {
                switch (response.KindCase)
                {
                    case PerformResponse.KindOneofCase.Audio:
                        wav.Write(response.Audio);
                        break;
                    case PerformResponse.KindOneofCase.Event:
                        events.Add(response.Event);
                        break;
                    case PerformResponse.KindOneofCase.Session:
                        session?.Invoke(response.Session);
                        break;
                }
                if (progress is not null && clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(200))
                {
                    lastReport = clock.Elapsed;
                    progress.Report(new ComposeProgress(sent, total, wav.Seconds, info.DurationSeconds));
                }
            }
            progress?.Report(new ComposeProgress(sent, Math.Max(total, sent), wav.Seconds, info.DurationSeconds));
            var result = new ComposeResult(request.OutputWav, info.DurationSeconds, sent, wav.Seconds, wav.SampleRate, wav.Channels,
                wav.Peak, wav.Rms, events, clock.Elapsed);
            wav.Dispose();
            if (request.MuxOutput is { } mp4)
                await MuxAsync(request.VideoPath, request.OutputWav, mp4, cancellationToken);
            return result;
        }
    }

    /// <summary>Writes the video with the composed soundtrack (video stream copied, audio as AAC).</summary>
    public static Task MuxAsync(string video, string wav, string output, CancellationToken cancellationToken) =>
        MediaTools.RunAsync("ffmpeg",
            ["-v", "error", "-y", "-nostdin", "-i", video, "-i", wav, "-map", "0:v:0", "-map", "1:a:0",
             "-c:v", "copy", "-c:a", "aac", "-b:a", "192k", "-shortest", output],
            $"could not write '{output}'", cancellationToken);

    private static async IAsyncEnumerable<VideoFrame> Count(IAsyncEnumerable<VideoFrame> frames, Action counted)
    {
        await foreach (var frame in frames)
        {
            counted();
            yield return frame;
        }
    }

    /// <summary>Releases each frame at its presentation time, as a camera would.</summary>
    public static async IAsyncEnumerable<VideoFrame> PaceAsync(IAsyncEnumerable<VideoFrame> frames,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long? first = null;
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            first ??= frame.PtsUs;
            var due = TimeSpan.FromMicroseconds(frame.PtsUs - first.Value) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, cancellationToken);
            yield return frame;
        }
    }

    public static string Describe(ComposeResult r)
    {
        var tempo = r.LastTempo?.Tempo;
        var style = r.Style?.Style;
        return string.Create(CultureInfo.InvariantCulture,
            $"wrote {r.WavPath}: {r.AudioSeconds:F2} s of audio ({r.SampleRate} Hz, {r.Channels} ch) for {r.VideoSeconds:F2} s of video, " +
            $"peak {r.Peak:F2}, rms {r.Rms:F3}; style {style?.Name ?? "?"} in {style?.Key ?? "?"}, " +
            $"tempo {tempo?.Bpm ?? 0:F0} BPM ({tempo?.Source ?? "?"}), {r.Beats.Count()} beats; " +
            $"{r.FramesSent} frames in {r.Elapsed.TotalSeconds:F1} s ({r.VideoSeconds / Math.Max(1e-3, r.Elapsed.TotalSeconds):F1}x real time)");
    }
}
