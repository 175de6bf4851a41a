using System.Diagnostics;
using Expotion.Client.Compose;
using Expotion.Client.Media;
using Expotion.Composition;
using Expotion.Core;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Expotion.Cli.Bench;

/// <summary>
/// Figures for each stage alone and for the whole pipeline on loopback (real gRPC, one process),
/// then per-frame latency at a live 30 fps pace. Prints a table; no pass/fail.
/// </summary>
internal sealed class PipelineBench(StageEndpoints endpoints, TextWriter output)
{
    private const double LiveFps = 30;

    public async Task RunAsync(double seconds, CancellationToken ct)
    {
        var performer = new SamplePerformer(320, 240, LiveFps, seconds);
        var frames = PerformerFrames.Render(performer);
        output.WriteLine($"input: {frames.Length} frames of the sample performer, 320x240 RGB24 at {LiveFps} fps ({seconds:F0} s); analysis at 160 px");
        output.WriteLine();

        using var composer = new PipelineComposer(endpoints);
        await composer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
        await ThroughputAsync(composer, frames, frames.Length, ct);   // warm-up: JIT and tiering, SoundFont, connections
        using var meters = new StageMeters();   // the stages' own instruments, as /metrics exports them
        output.WriteLine("throughput (as fast as possible):");
        var (schema, features) = await VisionAloneAsync(composer, frames, ct);
        var conditions = await SmoothingAloneAsync(composer, schema, features, ct);
        meters.Reset();
        await MusicAloneAsync(composer, schema, conditions, ct);
        if (meters.MeanRealTimeFactor() is { } rtf)
            output.WriteLine($"  {"",-22} render real-time factor {rtf:F1}x (expotion.music.render.real_time_factor: audio s per s the backend rendered)");
        var sw = Stopwatch.StartNew();
        await ThroughputAsync(composer, frames, frames.Length, ct);
        Report("pipeline (all three)", frames.Length, "frames", sw.Elapsed, seconds);
        output.WriteLine();
        meters.Reset();
        await LiveAsync(composer, frames, ct);
        output.WriteLine("  per stage, from the stages' own meters (expotion.<stage>.frame.duration: an input's arrival at the stage to its output sent):");
        foreach (var (stage, what) in new[] { ("vision", "frame -> features"), ("smoothing", "features -> conditions"), ("music", "conditions -> audio") })
            output.WriteLine($"    {stage,-9} {what,-22} {meters.Latency(stage)}");
    }

    private void Report(string what, int count, string unit, TimeSpan elapsed, double mediaSeconds) =>
        output.WriteLine($"  {what,-22} {count / elapsed.TotalSeconds,9:F1} {unit}/s   {mediaSeconds / elapsed.TotalSeconds,7:F1}x real time   ({count} {unit} in {elapsed.TotalSeconds:F2} s)");

    private async Task<(FeatureSchema, List<FeatureFrame>)> VisionAloneAsync(PipelineComposer composer, VideoFrame[] frames, CancellationToken ct)
    {
        using var call = new V1.Vision.VisionClient(composer.VisionChannel).Extract(cancellationToken: ct);
        var sw = Stopwatch.StartNew();
        var send = Task.Run(async () =>
        {
            await call.RequestStream.WriteAsync(new ExtractRequest { Config = new ExtractConfig() }, ct);
            foreach (var f in frames) await call.RequestStream.WriteAsync(new ExtractRequest { Frame = f }, ct);
            await call.RequestStream.CompleteAsync();
        }, ct);
        FeatureSchema? schema = null;
        var features = new List<FeatureFrame>();
        await foreach (var r in call.ResponseStream.ReadAllAsync(ct))
        {
            if (r.KindCase == ExtractResponse.KindOneofCase.Schema) schema = r.Schema;
            else if (r.KindCase == ExtractResponse.KindOneofCase.Features) features.Add(r.Features);
        }
        await send;
        Report("vision", frames.Length, "frames", sw.Elapsed, frames.Length / LiveFps);
        return (schema!, features);
    }

    private async Task<List<ConditionFrame>> SmoothingAloneAsync(PipelineComposer composer, FeatureSchema schema, List<FeatureFrame> features, CancellationToken ct)
    {
        using var call = new V1.Smoothing.SmoothingClient(composer.SmoothingChannel).Align(cancellationToken: ct);
        var sw = Stopwatch.StartNew();
        var send = Task.Run(async () =>
        {
            await call.RequestStream.WriteAsync(new AlignRequest { Config = new AlignConfig { Schema = schema, Mode = SmoothingMode.Centred } }, ct);
            foreach (var f in features) await call.RequestStream.WriteAsync(new AlignRequest { Frame = f }, ct);
            await call.RequestStream.CompleteAsync();
        }, ct);
        var conditions = new List<ConditionFrame>();
        await foreach (var r in call.ResponseStream.ReadAllAsync(ct))
            if (r.KindCase == AlignResponse.KindOneofCase.Condition) conditions.Add(r.Condition);
        await send;
        Report($"smoothing ({schema.Dims} dims)", features.Count, "frames", sw.Elapsed, features.Count / LiveFps);
        return conditions;
    }

    private async Task MusicAloneAsync(PipelineComposer composer, FeatureSchema schema, List<ConditionFrame> conditions, CancellationToken ct)
    {
        using var call = new V1.Music.MusicClient(composer.MusicChannel).Generate(cancellationToken: ct);
        var sw = Stopwatch.StartNew();
        var send = Task.Run(async () =>
        {
            await call.RequestStream.WriteAsync(new GenerateRequest { Config = new GenerateConfig { Schema = schema, Prompt = "funk with drums" } }, ct);
            foreach (var c in conditions) await call.RequestStream.WriteAsync(new GenerateRequest { Condition = c }, ct);
            await call.RequestStream.CompleteAsync();
        }, ct);
        await foreach (var _ in call.ResponseStream.ReadAllAsync(ct)) { }
        await send;
        Report("music (conductor)", conditions.Count, "conds", sw.Elapsed, (double)conditions.Count / TimeGrid.RateHz);
    }

    private static async Task ThroughputAsync(PipelineComposer composer, VideoFrame[] frames, int count, CancellationToken ct)
    {
        var config = new ComposeRequest("", "").ToConfig();
        await foreach (var _ in composer.PerformAsync(config, frames.Take(count).ToAsyncEnumerable(), ct)) { }
    }

    private async Task LiveAsync(PipelineComposer composer, VideoFrame[] frames, CancellationToken ct)
    {
        var config = new ComposeRequest("", "") { Mode = SmoothingMode.Causal, ChunkMs = LoadOptions.LiveChunkMs }.ToConfig();
        config.IncludeFeatures = true;
        var clock = Stopwatch.StartNew();
        var sentAt = new double[frames.Length];
        var pts = frames.Select(f => f.PtsUs).ToArray();
        async IAsyncEnumerable<VideoFrame> Paced()
        {
            await foreach (var (f, i) in ComposeJob.PaceAsync(frames.ToAsyncEnumerable(), ct).Select((f, i) => (f, i)))
            {
                sentAt[i] = clock.Elapsed.TotalMilliseconds;
                yield return f;
            }
        }
        var vision = new LatencyStats();
        var conditions = new LatencyStats();
        var audio = new LatencyStats();
        // A frame first influences the first 50 Hz point after the frame before it (causal interpolation between the two).
        var firstPoint = pts.Select((p, i) => i == 0 ? 0 : TimeGrid.PtsOf(TimeGrid.FloorIndex(pts[i - 1]) + 1)).ToArray();
        var nextFrameForAudio = 0;
        await foreach (var r in composer.PerformAsync(config, Paced(), ct))
        {
            var now = clock.Elapsed.TotalMilliseconds;
            switch (r.KindCase)
            {
                case PerformResponse.KindOneofCase.Features:
                    vision.Add(now - sentAt[Array.BinarySearch(pts, r.Features.PtsUs)]);
                    break;
                case PerformResponse.KindOneofCase.Condition:
                    // A grid frame at time g needs the first video frame at or after g.
                    var i = Array.BinarySearch(pts, r.Condition.PtsUs);
                    i = i >= 0 ? i : Math.Min(~i, pts.Length - 1);
                    conditions.Add(now - sentAt[i]);
                    break;
                case PerformResponse.KindOneofCase.Audio:
                    var end = r.Audio.PtsUs + (long)(r.Audio.Frames * 1e6 / r.Audio.SampleRate);
                    for (; nextFrameForAudio < pts.Length && firstPoint[nextFrameForAudio] < end; nextFrameForAudio++)
                        audio.Add(now - sentAt[nextFrameForAudio]);
                    break;
            }
        }
        output.WriteLine($"live at {LiveFps} fps (frames paced in real time, causal smoothing, {LoadOptions.LiveChunkMs} ms audio chunks), latency from sending a frame to:");
        output.WriteLine($"  its feature frame              {vision}");
        output.WriteLine($"  its 50 Hz conditions           {conditions}");
        output.WriteLine($"  the first audio it influenced  {audio}   (the chunk holding the first 50 Hz point the frame moves)");
    }
}
