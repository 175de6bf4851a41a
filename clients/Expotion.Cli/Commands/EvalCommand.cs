using System.CommandLine;
using System.Globalization;
using Expotion.Client.Compose;
using Expotion.Client.Media;
using Expotion.Composition;
using Expotion.Eval;
using Expotion.Hosting;
using Grpc.Core;
using SmoothingMode = Expotion.V1.SmoothingMode;

namespace Expotion.Cli.Commands;

/// <summary>`expotion eval`: does the music follow the video? Beat F-measure, tempo, energy, a plot and a JSON report.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var video = new Option<string?>("--video", "-i") { Description = "Video file, or a folder of videos each with a WAV of the same name. Default: the sample performer." };
        var audio = new Option<string?>("--audio", "-a") { Description = "The music made for --video (WAV). Without it, eval composes the music first (through the pipeline) and evaluates it." };
        var output = new Option<string?>("--out", "-o") { Description = "Output stem: writes STEM.wav (when composing), STEM.eval.json and STEM.eval.png. Default: beside the video." };
        var sample = new Option<string?>("--sample") { Description = "Generate the sample performer at BPM[:SECONDS] (still from 6 to 8 s) into --video first, e.g. 90:20." };
        var rhythm = new Option<string?>("--rhythm") { Description = "Generate a striking-stick video from a script into --video first: BPM:SECONDS or still:SECONDS, comma-separated (e.g. 90:10,140:10 or 120:6,still:3,120:6)." };
        var prompt = new Option<string>("--prompt", "-p") { Description = "Prompt when composing.", DefaultValueFactory = _ => "upbeat pop with drums and piano" };
        var seed = new Option<ulong>("--seed") { Description = "Seed when composing.", DefaultValueFactory = _ => 1 };
        var mode = new Option<string>("--mode") { Description = "Smoothing when composing: causal, centred, offline.", DefaultValueFactory = _ => "centred" };
        mode.AcceptOnlyFromAmong("causal", "centred", "offline");
        var live = new Option<bool>("--live") { Description = "Compose at real-time pace and measure latency (frame sent → audio chunk arrived; renewed motion → sound)." };
        var chunkMs = new Option<int>("--chunk-ms") { Description = "Audio chunk length when composing.", DefaultValueFactory = _ => 100 };
        var loudness = CommonOptions.Loudness();
        var skip = new Option<double>("--skip") { Description = "Seconds at the start not scored (mir_eval trims 5 s): the music needs to hear the motion first.", DefaultValueFactory = _ => 5 };
        var visionUrl = CommonOptions.Url("--vision", "Use a remote vision stage for the motion beats (and, when composing, remote stages need --smoothing/--music too).");
        var smoothingUrl = CommonOptions.Url("--smoothing", "Remote smoothing stage (composing).");
        var musicUrl = CommonOptions.Url("--music", "Remote music stage (composing).");
        var verbose = CommonOptions.Verbose();

        var command = new Command("eval", "Measure how well music follows a video: beat F-measure (±70 ms) of the audio's beats against the motion's beats and their offset, " +
            "tempo error (fraction within 4 %), motion-energy/loudness correlation, stillness; writes a PNG plot and a JSON report. " +
            "Motion beats come from the vision stage on the video itself; audio beats from the audio alone.")
        {
            video, audio, output, sample, rhythm, prompt, seed, mode, live, chunkMs, loudness, skip, visionUrl, smoothingUrl, musicUrl, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var path = parse.GetValue(video);
                if (parse.GetValue(sample) is { } spec)
                {
                    var parts = spec.Split(':');
                    var bpm = double.Parse(parts[0], CultureInfo.InvariantCulture);
                    var seconds = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 12;
                    path ??= Path.Combine(Path.GetTempPath(), $"expotion-sample-{bpm:0}bpm.mp4");
                    await SampleVideo.WriteAsync(new SamplePerformer(bpm: bpm, seconds: seconds), path, null, ct);
                    Console.Error.WriteLine($"wrote {path} (sample performer at {bpm} BPM, {seconds} s)");
                }
                else if (parse.GetValue(rhythm) is { } script)
                {
                    var clip = RhythmVideo.Parse(script);
                    path ??= Path.Combine(Path.GetTempPath(), $"expotion-rhythm-{script.Replace(':', '-').Replace(',', '_')}.mp4");
                    await clip.WriteAsync(path, ct);
                    Console.Error.WriteLine($"wrote {path} ({script})");
                }
                path ??= await SampleVideo.EnsureAsync(SampleVideo.DefaultPath, null, ct);

                var remote = (Vision: parse.GetValue(visionUrl), Smoothing: parse.GetValue(smoothingUrl), Music: parse.GetValue(musicUrl));
                var wav = parse.GetValue(audio);
                var composing = wav is null && !Directory.Exists(path);
                var needEmbedded = remote.Vision is null || composing && (remote.Smoothing is null || remote.Music is null);
                await using var embedded = needEmbedded
                    ? await EmbeddedStages.StartAsync(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning, ct)
                    : null;
                var endpoints = new StageEndpoints(remote.Vision ?? embedded!.Endpoints.Vision,
                    remote.Smoothing ?? embedded?.Endpoints.Smoothing ?? remote.Vision!, remote.Music ?? embedded?.Endpoints.Music ?? remote.Vision!);
                var runner = new EvalRunner(endpoints.Vision, Console.Out) { SkipSeconds = parse.GetValue(skip) };

                if (Directory.Exists(path))
                {
                    var reports = await runner.EvaluateFolderAsync(path, ct);
                    if (reports.Count == 0) Console.Error.WriteLine($"expotion: no video in '{path}' has a WAV of the same name beside it");
                    return reports.Count == 0 ? 2 : 0;
                }
                var stem = parse.GetValue(output) ?? Path.ChangeExtension(path, null);
                if (wav is not null)
                {
                    await runner.EvaluatePairAsync(path, wav, stem, ct);
                    return 0;
                }
                var smoothing = parse.GetValue(mode) switch { "causal" => SmoothingMode.Causal, "offline" => SmoothingMode.ExpotionOffline, _ => SmoothingMode.Centred };
                var request = new ComposeRequest(path, stem + ".wav")
                {
                    Prompt = parse.GetValue(prompt)!,
                    Seed = parse.GetValue(seed),
                    Mode = smoothing,
                    LivePace = parse.GetValue(live),
                    ChunkMs = parse.GetValue(chunkMs),
                    LoudnessLufs = parse.GetValue(loudness),
                };
                using var composer = new PipelineComposer(endpoints);
                await composer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
                // The smoothing stage's default centred look-ahead: 3 × its default Gaussian sigma.
                var lookaheadMs = smoothing == SmoothingMode.Centred ? 3 * Expotion.Smoothing.Core.AlignSettings.DefaultSmoothingMs : 0;
                await runner.ComposeAndEvaluateAsync(composer, request, stem, lookaheadMs, ct);
                return 0;
            }
            catch (Exception ex) when (ex is MediaException or FormatException)
            {
                Console.Error.WriteLine($"expotion: {ex.Message}");
                return 2;
            }
            catch (RpcException ex)
            {
                Console.Error.WriteLine($"expotion: {ex.StatusCode}: {ex.Status.Detail}");
                return 1;
            }
        });
        return command;
    }
}
