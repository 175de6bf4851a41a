using System.Diagnostics;
using Expotion.Client.Compose;
using Expotion.Client.Media;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Expotion.Cli.Bench;

/// <summary>
/// A prompt changed while performing, as the live page does it (issue 14): `serve all` in this process, one
/// Pipeline.Perform stream at 30 fps live pace with 20 ms chunks, a new prompt every few seconds. Each audio chunk's
/// lateness is its arrival minus the moment its pts was due (the stream's start + pts), relative to the stream's
/// fastest chunk; the figure is how much later than the steady chunks those around a switch come (the stall a
/// jitter buffer has to ride out), and the longest gap between two arrivals.
/// </summary>
internal sealed class SwitchBench(TextWriter output)
{
    private const double Fps = 30;
    private const int ChunkMs = 20;
    private static readonly string[] Prompts = ["upbeat pop with drums and piano", "loud punk rock with distorted guitars", "calm ambient pads", "funky street groove with bass and drums"];

    public async Task RunAsync(double seconds, double every, CancellationToken ct)
    {
        await using var gateway = await InProcessGateway.StartAsync(null, ct);
        using var channel = GrpcChannel.ForAddress(gateway.Url);
        var performer = new SamplePerformer(320, 240, Fps, seconds);
        var frames = PerformerFrames.Render(performer);
        output.WriteLine($"prompt switches at the gateway, live at {Fps} fps, causal, {ChunkMs} ms chunks, a new prompt every {every:F0} s of a {seconds:F0} s stream (load average {Load()}):");

        // A warm-up take (JIT, SoundFont), not measured.
        await TakeAsync(channel, frames, Math.Min(frames.Length, (int)(4 * Fps)), every, ct);
        var (lateness, switches, styles) = await TakeAsync(channel, frames, frames.Length, every, ct);

        var steady = new LatencyStats();
        var around = new LatencyStats();
        foreach (var (ptsMs, late) in lateness)
            (switches.Any(s => ptsMs >= s - 200 && ptsMs < s + 1000) ? around : steady).Add(late);
        var gaps = lateness.Zip(lateness.Skip(1), (a, b) => b.LateMs + b.PtsMs - (a.LateMs + a.PtsMs)).DefaultIfEmpty(0).Max();
        output.WriteLine($"  chunks {lateness.Count}, switches {switches.Count} (styles heard: {string.Join(" -> ", styles)})");
        output.WriteLine($"  lateness over the fastest chunk, steady          {steady}");
        output.WriteLine($"  ... from 0.2 s before to 1 s after a switch      {around}   max {around.Percentile(100):F1} ms");
        foreach (var (ptsMs, late) in lateness.OrderByDescending(l => l.LateMs).Take(Math.Min(5, lateness.Count)).OrderBy(l => l.PtsMs))
            output.WriteLine($"    late chunk at {ptsMs / 1000:F2} s: {late:F0} ms ({(switches.Count == 0 ? "no switch" : $"{ptsMs - switches.MinBy(s => Math.Abs(s - ptsMs)):+0;-0} ms from the nearest switch")})");
        output.WriteLine($"  longest gap between two chunk arrivals           {gaps:F0} ms (a chunk is {ChunkMs} ms)");
    }

    private static async Task<(List<(double PtsMs, double LateMs)>, List<double>, List<string>)> TakeAsync(
        GrpcChannel channel, VideoFrame[] frames, int count, double every, CancellationToken ct)
    {
        var config = new ComposeRequest("", "") { Mode = SmoothingMode.Causal, ChunkMs = ChunkMs, Prompt = Prompts[0] }.ToConfig();
        using var call = new Pipeline.PipelineClient(channel).Perform(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new PerformRequest { Config = config }, ct);
        var clock = Stopwatch.StartNew();
        var switches = new List<double>();
        var sender = Task.Run(async () =>
        {
            var next = every;
            var prompt = 0;
            var i = 0;
            await foreach (var f in ComposeJob.PaceAsync(frames.Take(count).ToAsyncEnumerable(), ct))
            {
                await call.RequestStream.WriteAsync(new PerformRequest { Frame = f }, ct);
                if (++i < count && f.PtsUs / 1e6 >= next)
                {
                    next += every;
                    prompt = (prompt + 1) % Prompts.Length;
                    lock (switches) switches.Add(f.PtsUs / 1000.0);
                    await call.RequestStream.WriteAsync(new PerformRequest { Update = new PerformUpdate { Prompt = Prompts[prompt] } }, ct);
                }
            }
            await call.RequestStream.WriteAsync(new PerformRequest { End = new End() }, ct);
            await call.RequestStream.CompleteAsync();
        }, ct);
        var arrivals = new List<(double PtsMs, double LateMs)>();
        var styles = new List<string>();
        await foreach (var r in call.ResponseStream.ReadAllAsync(ct))
        {
            if (r.KindCase == PerformResponse.KindOneofCase.Audio)
                arrivals.Add((r.Audio.PtsUs / 1000.0, clock.Elapsed.TotalMilliseconds - r.Audio.PtsUs / 1000.0));
            else if (r.Event?.KindCase == MusicEvent.KindOneofCase.Style)
                styles.Add(r.Event.Style.Name);
        }
        await sender;
        var fastest = arrivals.Count > 0 ? arrivals.Min(a => a.LateMs) : 0;
        return (arrivals.Select(a => (a.PtsMs, a.LateMs - fastest)).ToList(), switches, styles);
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
