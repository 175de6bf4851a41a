using System.CommandLine;
using Expotion.Cli.Hosting;

namespace Expotion.Cli.Commands;

/// <summary>`expotion serve ROLE`: run one service (or all of them) until Ctrl+C / SIGTERM.</summary>
internal static class ServeCommand
{
    private static readonly Dictionary<string, (StageRole Role, string Urls)> Roles = new()
    {
        ["vision"] = (StageRole.Vision, "http://127.0.0.1:5101"),
        ["smoothing"] = (StageRole.Smoothing, "http://127.0.0.1:5102"),
        ["music"] = (StageRole.Music, "http://127.0.0.1:5103"),
        ["gateway"] = (StageRole.Gateway, "http://127.0.0.1:5100"),
        ["all"] = (StageRole.All, "http://127.0.0.1:5100"),
    };

    public static Command Create()
    {
        var role = new Argument<string>("service") { Description = "vision, smoothing, music, gateway, or all (every service on one address)." };
        role.AcceptOnlyFromAmong([.. Roles.Keys]);
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, ';'-separated (default: vision 5101, smoothing 5102, music 5103, gateway and all 5100 on 127.0.0.1)." };
        var vision = CommonOptions.Urls("--vision", "gateway: the vision stage's address (default http://127.0.0.1:5101; with `all`, this process); several replicas comma-separated are balanced round robin.");
        var smoothing = CommonOptions.Urls("--smoothing", "gateway: the smoothing stage's address (default http://127.0.0.1:5102); several replicas comma-separated are balanced round robin.");
        var music = CommonOptions.Urls("--music", "gateway: the music stage's address (default http://127.0.0.1:5103); several replicas comma-separated are balanced round robin.");
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Server certificate for https:// addresses: PEM (with --tls-key) or PFX (Tls:CertificatePath)." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert (Tls:KeyPath)." };
        var clientCa = new Option<string?>("--client-ca") { Description = "Mutual TLS: require client certificates signed by this PEM CA (Tls:ClientCaPath)." };
        var command = new Command("serve", "Run a service on its own so that it can be deployed and scaled separately. Settings also come from the environment (e.g. Limits__MaxMessageBytes, Gateway__VisionUrl). Auth is off unless tokens or API keys are configured: Auth__Tokens__0, Auth__ApiKeys__0 or Auth__TokensFile (secrets never go on the command line).")
        {
            role, urls, vision, smoothing, music, tlsCert, tlsKey, clientCa,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (stageRole, defaultUrls) = Roles[parse.GetValue(role)!];
            var listen = parse.GetValue(urls) ?? defaultUrls;
            var settings = new Dictionary<string, string?>();
            // `all` serves every stage itself: its gateway calls back into this process unless told otherwise.
            var self = stageRole == StageRole.All ? listen.Split(';')[0].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal) : null;
            Put(settings, "Gateway:VisionUrl", Join(parse.GetValue(vision)) ?? self);
            Put(settings, "Gateway:SmoothingUrl", Join(parse.GetValue(smoothing)) ?? self);
            Put(settings, "Gateway:MusicUrl", Join(parse.GetValue(music)) ?? self);
            Put(settings, "Tls:CertificatePath", parse.GetValue(tlsCert));
            Put(settings, "Tls:KeyPath", parse.GetValue(tlsKey));
            Put(settings, "Tls:ClientCaPath", parse.GetValue(clientCa));
            var app = StageHost.Build(stageRole, listen, [], LogLevel.Information, settings);
            await using (app)
            {
                await app.StartAsync(ct);
                Console.WriteLine($"expotion {parse.GetValue(role)} listening on {string.Join(", ", app.Urls)} (gRPC, HTTP/2; health: grpc.health.v1, open without a token; reflection on)");
                await app.WaitForShutdownAsync(ct);
            }
            return 0;
        });
        return command;
    }

    private static string? Join(IReadOnlyList<Uri>? replicas) => replicas is null ? null : string.Join(",", replicas);

    private static void Put(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null) settings[key] = value;
    }
}
