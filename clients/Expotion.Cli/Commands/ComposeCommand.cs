using System.CommandLine;
using Expotion.Client;
using Expotion.Client.Compose;
using Expotion.Client.Media;
using Expotion.Composition;
using Expotion.Hosting;
using Grpc.Core;
using SmoothingMode = Expotion.V1.SmoothingMode;

namespace Expotion.Cli.Commands;

/// <summary>`expotion compose`: a video in, music out (WAV, optionally muxed into an MP4).</summary>
internal static class ComposeCommand
{
    public static Command Create()
    {
        var video = new Option<string[]>("--video", "-i")
        {
            Description = "Video file (any format ffmpeg reads). Default: the built-in sample performer, generated at first use. Give it again for an ensemble: " +
                "several performers steer one piece (each --role after a --video names what that performer drives).",
        };
        var role = new Option<string[]>("--role")
        {
            Description = "The role of the --video before it in an ensemble: rhythm (tempo, beat), energy (dynamics, density), harmony (mode, chords: the face), " +
                "melody (the arms) or all. Default: the first video rhythm, the rest energy.",
        };
        var prompt = new Option<string>("--prompt", "-p") { Description = "Text prompt: style, instruments, mood, tempo hints.", DefaultValueFactory = _ => "upbeat pop with drums and piano" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: same video, prompt and seed give the same audio.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out", "-o") { Description = "Output WAV file.", DefaultValueFactory = _ => "out.wav" };
        var mux = new Option<string?>("--mux") { Description = "Also write the video with the new soundtrack (default path: the WAV's name with .mp4).", Arity = ArgumentArity.ZeroOrOne };
        var mode = new Option<string>("--mode") { Description = "Smoothing: causal (no look-ahead), centred (declared look-ahead), offline (EXPOTION alignment).", DefaultValueFactory = _ => "centred" };
        mode.AcceptOnlyFromAmong("causal", "centred", "offline");
        var live = new Option<bool>("--live") { Description = "Send frames at real-time pace, as a camera would." };
        var fps = new Option<double>("--fps") { Description = "Analysis frame rate (0 = the video's, at most 30)." };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Output sample rate in Hz.", DefaultValueFactory = _ => 32000 };
        var channels = new Option<int>("--channels") { Description = "1 (mono) or 2 (stereo).", DefaultValueFactory = _ => 2 };
        var chunkMs = new Option<int?>("--chunk-ms") { Description = "Audio chunk length in ms, 10..1000 (default 100; with --live 20, one condition frame, so the music answers within a frame)." };
        var backend = new Option<string>("--backend") { Description = "Music backend: conductor (embedded), or musicgen (needs a MusicGen ONNX export in Music__MusicGen__ModelDir; output at 32000 Hz).", DefaultValueFactory = _ => "conductor" };
        var loudness = CommonOptions.Loudness();
        var gateway = CommonOptions.Url("--gateway", "Use a remote gateway (Pipeline.Perform) instead of the stages.");
        var visionUrl = CommonOptions.Url("--vision", "Use a remote vision stage at this address.");
        var smoothingUrl = CommonOptions.Url("--smoothing", "Use a remote smoothing stage at this address.");
        var musicUrl = CommonOptions.Url("--music", "Use a remote music stage at this address.");
        var verbose = CommonOptions.Verbose();
        var security = new CommonOptions.Security();

        var command = new Command("compose", "Turn a video into music: writes a WAV (and with --mux an MP4). Without --vision/--smoothing/--music/--gateway the stages run embedded in this process on loopback ports, over real gRPC.")
        {
            video, role, prompt, seed, output, mux, mode, live, fps, sampleRate, channels, chunkMs, backend, loudness, gateway, visionUrl, smoothingUrl, musicUrl, verbose,
        };
        foreach (var option in security.All) command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var wav = parse.GetValue(output)!;
            var muxPath = parse.GetResult(mux) is null ? null : parse.GetValue(mux) ?? Path.ChangeExtension(wav, ".mp4");
            IReadOnlyList<EnsembleVideo> videos;
            try { videos = EnsembleArguments.Pair(parse.Tokens, video, role); }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"expotion: {ex.Message}");
                return 2;
            }
            var request = new ComposeRequest(videos.Count > 0 ? videos[0].VideoPath : "", wav)
            {
                Prompt = parse.GetValue(prompt)!,
                Seed = parse.GetValue(seed),
                Mode = parse.GetValue(mode) switch { "causal" => SmoothingMode.Causal, "offline" => SmoothingMode.ExpotionOffline, _ => SmoothingMode.Centred },
                LivePace = parse.GetValue(live),
                Fps = parse.GetValue(fps),
                SampleRate = parse.GetValue(sampleRate),
                Channels = parse.GetValue(channels),
                ChunkMs = parse.GetValue(chunkMs) ?? (parse.GetValue(live) ? LiveChunkMs : OfflineChunkMs),
                Backend = parse.GetValue(backend)!,
                LoudnessLufs = parse.GetValue(loudness),
                MuxOutput = muxPath,
            };
            var remote = (parse.GetValue(visionUrl), parse.GetValue(smoothingUrl), parse.GetValue(musicUrl));
            var ensemble = videos.Count > 1 || videos.Any(v => v.Role is not null) ? videos : null;
            return await RunAsync(request, ensemble, parse.GetValue(gateway), remote, security.Read(parse), parse.GetValue(verbose), ct);
        });
        return command;
    }

    /// <summary>Offline, the chunk length only sets how often audio is sent; live it is the music's answer time.</summary>
    private const int OfflineChunkMs = 100, LiveChunkMs = 20;

    private static async Task<int> RunAsync(ComposeRequest request, IReadOnlyList<EnsembleVideo>? ensemble, Uri? gateway,
        (Uri? Vision, Uri? Smoothing, Uri? Music) remote, ClientSecurity security, bool verbose, CancellationToken ct)
    {
        try
        {
            if (ensemble is not null)
            {
                if (gateway is not null)
                    throw new MediaException("an ensemble of videos is composed with the stages, not through --gateway; live, each member joins " +
                        "a gateway's session with `expotion perform --session NAME --role ROLE`");
                // Casting the roles first fails fast on an unknown or doubly claimed role; then every video must be readable.
                Console.WriteLine($"ensemble: {EnsembleComposeJob.Cast(ensemble).Roles}");
                foreach (var member in ensemble) await VideoFileSource.ProbeAsync(member.VideoPath, ct);
            }
            else if (request.VideoPath.Length == 0)
            {
                var path = SampleVideo.DefaultPath;
                if (!File.Exists(path)) Console.Error.WriteLine($"generating the sample performer video at {path} …");
                request = request with { VideoPath = await SampleVideo.EnsureAsync(path, null, ct) };
            }
            else await VideoFileSource.ProbeAsync(request.VideoPath, ct);    // fail fast, before any service starts

            await using var embedded = gateway is null && (remote.Vision is null || remote.Smoothing is null || remote.Music is null)
                ? await EmbeddedStages.StartAsync(verbose ? LogLevel.Information : LogLevel.Warning, ct)
                : null;
            var progress = new ProgressPrinter(Console.Error);
            ComposeResult result;
            if (gateway is not null)
            {
                using var performer = new GatewayPerformer(gateway, security: security);
                await performer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
                result = await ComposeJob.RunAsync(performer, request, progress, ct);
            }
            else
            {
                var endpoints = new StageEndpoints(
                    remote.Vision ?? embedded!.Endpoints.Vision,
                    remote.Smoothing ?? embedded!.Endpoints.Smoothing,
                    remote.Music ?? embedded!.Endpoints.Music);
                // Embedded stages read Auth:* from the environment like `serve`: the client presents their token.
                if (embedded is not null && !security.HasCallCredentials) security = embedded.Security;
                using var composer = new PipelineComposer(endpoints, security: security);
                await composer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
                result = ensemble is null
                    ? await ComposeJob.RunAsync(composer, request, progress, ct)
                    : await EnsembleComposeJob.RunAsync(composer, request, ensemble, progress, ct);
            }
            progress.Done();
            Console.WriteLine(ComposeJob.Describe(result));
            if (request.MuxOutput is { } mp4) Console.WriteLine($"wrote {mp4}");
            return 0;
        }
        catch (Exception ex) when (CommandErrors.Report(ex, ct) is { } code)
        {
            return code;
        }
    }
}
