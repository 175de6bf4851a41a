using System.CommandLine;
using Expotion.Composition;

namespace Expotion.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Show the services' logs (Information and up)." };

    /// <summary>The master bus's integrated loudness target (GenerateConfig.loudness_target_lufs); the music stage checks the range.</summary>
    public static Option<double> Loudness() => new("--loudness")
    {
        Description = "Integrated loudness target of the master bus in LUFS, -30..-6 (true peak stays <= -1 dBTP).",
        DefaultValueFactory = _ => -14,
    };

    public static Option<Uri?> Url(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
            result.AddError($"{name}: '{text}' is not an http:// or https:// address");
            return null;
        },
    };

    /// <summary>
    /// How a client proves who it is and whom it trusts: <c>--token</c> (or the environment variable
    /// <see cref="ClientSecurity.TokenVariable"/>, which <c>ps</c> does not show), <c>--api-key</c>,
    /// <c>--ca-cert</c> for https:// addresses, <c>--client-cert</c>/<c>--client-key</c> for mutual TLS.
    /// </summary>
    public sealed class Security
    {
        public Option<string?> Token { get; } = new("--token") { Description = $"Bearer token sent to the services (default: ${ClientSecurity.TokenVariable})." };
        public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key sent to the services (x-api-key) instead of a token." };
        public Option<string?> CaCert { get; } = new("--ca-cert") { Description = "PEM CA certificate to trust for https:// addresses (default: the system's roots)." };
        public Option<string?> ClientCert { get; } = new("--client-cert") { Description = "Client certificate for mutual TLS: PEM (with --client-key) or PFX." };
        public Option<string?> ClientKey { get; } = new("--client-key") { Description = "PEM private key of --client-cert." };

        public IEnumerable<Option> All => [Token, ApiKey, CaCert, ClientCert, ClientKey];

        public ClientSecurity Read(ParseResult parse) => new ClientSecurity(
            parse.GetValue(Token), parse.GetValue(ApiKey), parse.GetValue(CaCert), parse.GetValue(ClientCert), parse.GetValue(ClientKey))
            .WithEnvironmentToken();
    }

    /// <summary>One or more addresses of a stage's replicas, comma-separated; new streams are balanced over them round robin.</summary>
    public static Option<IReadOnlyList<Uri>?> Urls(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            try { return StageEndpoints.ParseReplicas(result.Tokens.Single().Value); }
            catch (ArgumentException ex)
            {
                result.AddError($"{name}: {ex.Message}");
                return null;
            }
        },
    };
}
