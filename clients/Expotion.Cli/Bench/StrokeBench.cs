using System.Diagnostics;
using System.Runtime.InteropServices;
using Expotion.Client.Compose;
using Expotion.Client.Media;
using Expotion.Composition;
using Expotion.V1;
using Google.Protobuf;

namespace Expotion.Cli.Bench;

/// <summary>
/// Stroke → first new onset heard, and stop → parts thinned, over loopback gRPC at live pace with 20 ms chunks
/// (issue 14): the sample performer (30 fps, still 6–8 s) in takes of one stream each. A stroke is heard at the
/// arrival of the chunk whose audio holds the first new onset after it, plus the onset's offset inside that chunk;
/// the figure is that time minus the moment the first frame showing the stroke was sent.
/// </summary>
internal sealed class StrokeBench(StageEndpoints endpoints, TextWriter output)
{
    private const double Fps = 30;
    private const int ChunkMs = 20;
    private const string Prompt = "upbeat pop with drums and piano";

    public async Task RunAsync(int takes, CancellationToken ct)
    {
        var performer = new SamplePerformer(320, 240, Fps, seconds: 12);
        var frames = PerformerFrames.Render(performer);
        bool Moves(int i) => i > 0 && performer.Lift(i / Fps) != performer.Lift((i - 1) / Fps);
        var stroke = Enumerable.Range(1, frames.Length - 1).First(i => i / Fps >= 7.9 && Moves(i) && !Moves(i - 1));
        var stop = Enumerable.Range(1, frames.Length - 1).First(i => i / Fps >= 5.9 && !Moves(i) && Moves(i - 1));

        using var composer = new PipelineComposer(endpoints);
        await composer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
        output.WriteLine($"stroke and stop, live at {Fps} fps, causal smoothing, {ChunkMs} ms chunks, \"{Prompt}\" ({takes} takes of {performer.Seconds:F0} s; load average {Load()};");
        output.WriteLine($"  the stroke: frame {stroke} at {frames[stroke].PtsUs / 1e6:F3} s is the first after stillness that moves; the stop: frame {stop} at {frames[stop].PtsUs / 1e6:F3} s the first that does not):");
        var heard = new LatencyStats();
        var thinned = new LatencyStats();
        for (var take = 0; take < takes; take++)
        {
            var (strokeMs, strokeInAudio, stopMs, stopInAudio) = await TakeAsync(composer, frames, stroke, stop, ct);
            output.WriteLine($"  take {take + 1}: stroke -> first new onset heard {Show(strokeMs)} ms (onset {Show(strokeInAudio)} ms after the frame's time in the audio); " +
                             $"stop -> parts 6 dB down {Show(stopMs)} ms ({Show(stopInAudio)} ms in the audio)");
            if (double.IsFinite(strokeMs)) heard.Add(strokeMs);
            if (double.IsFinite(stopMs)) thinned.Add(stopMs);
        }
        output.WriteLine($"  stroke after stillness -> first new onset heard  {heard}   (target <= 80 ms)");
        output.WriteLine($"  stop -> parts thinned (high band 6 dB down)     {thinned}");
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string Show(double ms) => double.IsFinite(ms) ? $"{ms:F0}" : "none";

    private static async Task<(double, double, double, double)> TakeAsync(PipelineComposer composer, VideoFrame[] frames,
        int stroke, int stop, CancellationToken ct)
    {
        var config = new ComposeRequest("", "") { Mode = SmoothingMode.Causal, ChunkMs = ChunkMs, Prompt = Prompt }.ToConfig();
        var clock = Stopwatch.StartNew();
        var sentAt = new double[frames.Length];
        async IAsyncEnumerable<VideoFrame> Paced()
        {
            var i = 0;
            await foreach (var f in ComposeJob.PaceAsync(frames.ToAsyncEnumerable(), ct))
            {
                sentAt[i++] = clock.Elapsed.TotalMilliseconds;
                yield return f;
            }
        }
        var chunks = new List<(long PtsUs, long Start, double ArrivedMs)>();
        var mono = new List<float>();
        var rate = 32000;
        await foreach (var r in composer.PerformAsync(config, Paced(), ct))
        {
            if (r.KindCase != PerformResponse.KindOneofCase.Audio) continue;
            var now = clock.Elapsed.TotalMilliseconds;
            var a = r.Audio;
            rate = a.SampleRate;
            chunks.Add((a.PtsUs, mono.Count, now));
            var samples = MemoryMarshal.Cast<byte, float>(a.Data.Span);
            for (var f = 0; f < a.Frames; f++)
            {
                var sum = 0f;
                for (var c = 0; c < a.Channels; c++) sum += samples[f * a.Channels + c];
                mono.Add(sum / a.Channels);
            }
        }
        var audio = mono.ToArray();
        (double Heard, double InAudio) Measure(int frame, long at)
        {
            if (at < 0) return (double.NaN, double.NaN);
            var chunk = chunks.Last(c => c.Start <= at);
            var heardMs = chunk.ArrivedMs + (at - chunk.Start) * 1000.0 / rate;
            return (heardMs - sentAt[frame], at * 1000.0 / rate - frames[frame].PtsUs / 1000.0);
        }
        // Nothing that the frame showing a change influenced can sound before the frame before it.
        long From(int frame) => frames[frame - 1].PtsUs * rate / 1_000_000;
        var onset = Measure(stroke, AudioOnset.FirstRise(audio, rate, From(stroke), rate));
        var drop = Measure(stop, AudioOnset.FirstDrop(audio, rate, From(stop), rate));
        return (onset.Heard, onset.InAudio, drop.Heard, drop.InAudio);
    }
}
