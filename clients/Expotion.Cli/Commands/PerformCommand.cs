using System.CommandLine;
using Expotion.Client;
using Expotion.Client.Compose;
using Expotion.Client.Media;
using Expotion.V1;

namespace Expotion.Cli.Commands;

/// <summary>
/// `expotion perform`: a live performer at a gateway. The video's frames go at camera pace through Pipeline.Perform, and
/// the music comes back to a WAV as it is played; with <c>--session</c> the performer joins an ensemble (several
/// performers, one piece) with a role, and the session's events (who joined or left, who drives what, the members'
/// motion meters) are printed as they come.
/// </summary>
internal static class PerformCommand
{
    public static Command Create()
    {
        var gateway = CommonOptions.Url("--gateway", "The gateway (`expotion serve gateway|all`).");
        gateway.DefaultValueFactory = _ => new Uri("http://127.0.0.1:5100");
        var session = new Option<string?>("--session", "-s") { Description = "Join this ensemble session (letters, digits, '.', '_', '-'; opened by its first member)." };
        var role = new Option<string?>("--role", "-r")
        {
            Description = "Your role in the session: rhythm (tempo, beat), energy (dynamics, density), harmony (mode, chords: your face), melody (your arms) " +
                "or all. Default: rhythm if nobody plays it yet, else energy.",
        };
        var member = new Option<string?>("--member", "-m") { Description = "Your name as the others see it (default: one the gateway gives)." };
        var video = new Option<string?>("--video", "-i") { Description = "Video file played as a camera would (default: the built-in sample performer)." };
        var prompt = new Option<string>("--prompt", "-p") { Description = "Text prompt (in a session, the first member's prompt sets the piece).", DefaultValueFactory = _ => "upbeat pop with drums and piano" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out", "-o") { Description = "Where to write what you hear (WAV).", DefaultValueFactory = _ => "perform.wav" };
        var chunkMs = new Option<int>("--chunk-ms") { Description = "Audio chunk length in ms (in a session, a whole number of 20 ms).", DefaultValueFactory = _ => 20 };
        var fps = new Option<double>("--fps") { Description = "Camera frame rate (0 = the video's, at most 30)." };
        var security = new CommonOptions.Security();

        var command = new Command("perform", "Perform live through a gateway: the video at camera pace in, the music out to a WAV as it plays. " +
            "With --session, join an ensemble: several performers steer one piece, each with a role.")
        {
            gateway, session, role, member, video, prompt, seed, output, chunkMs, fps,
        };
        foreach (var option in security.All) command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var ensemble = parse.GetValue(session) is { } name
                ? new EnsembleConfig { Session = name, Role = parse.GetValue(role) ?? "", Member = parse.GetValue(member) ?? "" }
                : null;
            if (ensemble is null && (parse.GetValue(role) is not null || parse.GetValue(member) is not null))
            {
                Console.Error.WriteLine("expotion: --role and --member are for an ensemble; give --session NAME too");
                return 2;
            }
            var request = new ComposeRequest(parse.GetValue(video) ?? "", parse.GetValue(output)!)
            {
                Prompt = parse.GetValue(prompt)!,
                Seed = parse.GetValue(seed),
                Mode = SmoothingMode.Causal,
                LivePace = true,
                Fps = parse.GetValue(fps),
                ChunkMs = parse.GetValue(chunkMs),
                Ensemble = ensemble,
            };
            return await RunAsync(request, parse.GetValue(gateway)!, security.Read(parse), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(ComposeRequest request, Uri gateway, Composition.ClientSecurity security, CancellationToken ct)
    {
        try
        {
            if (request.VideoPath.Length == 0) request = request with { VideoPath = await SampleVideo.EnsureAsync(SampleVideo.DefaultPath, null, ct) };
            await VideoFileSource.ProbeAsync(request.VideoPath, ct);
            using var performer = new GatewayPerformer(gateway, security: security);
            await performer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
            var printer = new SessionPrinter(Console.Out);
            var result = await ComposeJob.RunAsync(performer, request, null, ct, printer.Print);
            Console.WriteLine(ComposeJob.Describe(result));
            return 0;
        }
        catch (Exception ex) when (CommandErrors.Report(ex, ct) is { } code)
        {
            return code;
        }
    }
}
