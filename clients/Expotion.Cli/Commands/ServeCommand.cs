using System.CommandLine;
using Expotion.Hosting;

namespace Expotion.Cli.Commands;

/// <summary>`expotion serve ROLE`: run one service (or all of them) until Ctrl+C / SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var role = new Argument<string>("service") { Description = "vision, smoothing, music, gateway, or all (every service on one address)." };
        role.AcceptOnlyFromAmong([.. ServeRoles.All.Keys]);
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
            var settings = new Dictionary<string, string?>();
            Put(settings, "Gateway:VisionUrl", Join(parse.GetValue(vision)));
            Put(settings, "Gateway:SmoothingUrl", Join(parse.GetValue(smoothing)));
            Put(settings, "Gateway:MusicUrl", Join(parse.GetValue(music)));
            Put(settings, "Tls:CertificatePath", parse.GetValue(tlsCert));
            Put(settings, "Tls:KeyPath", parse.GetValue(tlsKey));
            Put(settings, "Tls:ClientCaPath", parse.GetValue(clientCa));
            return await StageServer.RunAsync(parse.GetValue(role)!, parse.GetValue(urls), settings, ct);
        });
        return command;
    }

    private static string? Join(IReadOnlyList<Uri>? replicas) => replicas is null ? null : string.Join(",", replicas);

    private static void Put(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null) settings[key] = value;
    }
}
