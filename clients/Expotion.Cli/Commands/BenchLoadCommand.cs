using System.CommandLine;
using Expotion.Cli.Bench;
using Expotion.Client;
using Expotion.Composition;
using Expotion.Hosting;

namespace Expotion.Cli.Commands;

/// <summary>`expotion bench load`: N concurrent live streams through the pipeline, figures over time.</summary>
internal static class BenchLoadCommand
{
    public static Command Create()
    {
        var streams = new Option<int>("--streams", "-n") { Description = "Concurrent live streams.", DefaultValueFactory = _ => 4 };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds (after the warm-up).", DefaultValueFactory = _ => 60 };
        var fps = new Option<double>("--fps") { Description = "Frames per second per stream.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds run first with every stream open, left out of the summary.", DefaultValueFactory = _ => 5 };
        var interval = new Option<double>("--interval") { Description = "Seconds between report lines.", DefaultValueFactory = _ => 5 };
        var width = new Option<int>("--width") { Description = "Frame width in pixels (RGB24, 4:3).", DefaultValueFactory = _ => 320 };
        var liveQueue = new Option<int>("--live-queue") { Description = "Vision back-pressure: 0 = lossless (a slow pipeline holds the sender back); N = at most N frames wait, the oldest is dropped." };
        var chunkMs = new Option<int>("--chunk-ms") { Description = "Audio chunk length in ms (10..1000); 20 = one condition frame, the live path's quantum.", DefaultValueFactory = _ => LoadOptions.LiveChunkMs };
        var sessions = new Option<int>("--sessions") { Description = "Ensembles: this many sessions of --members each at the gateway (serve all in this process, or --gateway), run after the same streams alone; control latency per member beside the alone figure." };
        var members = new Option<int>("--members") { Description = "Members per session (with --sessions; the streams are sessions x members).", DefaultValueFactory = _ => 3 };
        var ensemble = new Option<int>("--ensemble") { Description = "One ensemble session of N members (--sessions 1 --members N)." };
        var json = new Option<string?>("--json") { Description = "Also write the summary and every interval as JSON to this file." };
        var gateway = CommonOptions.Url("--gateway", "Load a gateway (Pipeline.Perform) instead of composing the stages here.");
        var vision = CommonOptions.Urls("--vision", "The vision stage's address, or its replicas' comma-separated (with --smoothing and --music; default: stages hosted in this process as `compose` does).");
        var smoothing = CommonOptions.Urls("--smoothing", "The smoothing stage's address(es).");
        var music = CommonOptions.Urls("--music", "The music stage's address(es).");
        var command = new Command("load", "Open N concurrent live streams at the frame rate through the pipeline on loopback gRPC; report throughput, p50/p99 added latency per stage and memory every few seconds, and a summary.")
        {
            streams, seconds, fps, warmup, interval, width, liveQueue, chunkMs, sessions, members, ensemble, json, gateway, vision, smoothing, music,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (sessionCount, memberCount) = parse.GetValue(ensemble) is > 0 and var n ? (1, n) : (parse.GetValue(sessions), parse.GetValue(members));
            var options = new LoadOptions(sessionCount > 0 ? sessionCount * memberCount : parse.GetValue(streams), parse.GetValue(seconds), parse.GetValue(fps),
                parse.GetValue(warmup), parse.GetValue(interval), parse.GetValue(width), parse.GetValue(liveQueue), parse.GetValue(chunkMs), sessionCount);
            try
            {
                if (sessionCount < 0 || (sessionCount > 0 && memberCount < 1)) throw new ArgumentException("--sessions and --members must be positive");
                if (sessionCount > 0 && (parse.GetValue(vision) ?? parse.GetValue(smoothing) ?? parse.GetValue(music)) is not null)
                    throw new ArgumentException("an ensemble is hosted by a gateway: give --gateway (or nothing: serve all in this process), not the stages");
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"expotion bench load: {ex.Message}");
                return 2;
            }
            if (sessionCount > 0)
            {
                var both = await new EnsembleLoadBench(options, Console.Out).RunAsync(parse.GetValue(gateway), ct);
                if (parse.GetValue(json) is { } file) await LoadBench.WriteJsonAsync(both, file, ct);
                return 0;
            }
            var remote = (parse.GetValue(vision), parse.GetValue(smoothing), parse.GetValue(music));
            var summary = await RunAsync(options, parse.GetValue(gateway), remote, ct);
            if (parse.GetValue(json) is { } path) await LoadBench.WriteJsonAsync(summary, path, ct);
            return 0;
        });
        return command;
    }

    private static async Task<LoadSummary> RunAsync(LoadOptions options, Uri? gateway, (IReadOnlyList<Uri>? Vision, IReadOnlyList<Uri>? Smoothing, IReadOnlyList<Uri>? Music) remote, CancellationToken ct)
    {
        if (gateway is not null)
        {
            using var performer = new GatewayPerformer(gateway);
            await performer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
            return await new LoadBench(performer, $"gateway {gateway} (memory figures are this client's only)", options, Console.Out).RunAsync(ct);
        }
        await using var embedded = remote.Vision is null || remote.Smoothing is null || remote.Music is null
            ? await EmbeddedStages.StartAsync(LogLevel.Warning, ct)
            : null;
        var endpoints = StageEndpoints.Replicated(remote.Vision ?? embedded!.Endpoints.VisionReplicas,
            remote.Smoothing ?? embedded!.Endpoints.SmoothingReplicas, remote.Music ?? embedded!.Endpoints.MusicReplicas);
        using var composer = new PipelineComposer(endpoints);
        await composer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
        var where = embedded is null
            ? $"{string.Join(",", endpoints.VisionReplicas)}, {string.Join(",", endpoints.SmoothingReplicas)}, {string.Join(",", endpoints.MusicReplicas)} (memory figures are this client's only)"
            : $"hosted in this process on {endpoints.Vision}, {endpoints.Smoothing}, {endpoints.Music} (memory figures are the whole process: stages and client)";
        return await new LoadBench(composer, where, options, Console.Out).RunAsync(ct);
    }
}
