namespace Expotion.ServiceDefaults.Security;

/// <summary>
/// Who may call (section "Auth"; environment <c>Auth__Tokens__0</c>, <c>Auth__ApiKeys__0</c> …). With no
/// token and no key configured every caller is accepted, as before (a start-up log line says so).
/// grpc.health.v1 always answers without credentials so that Kubernetes probes and balancers can reach it.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Accepted bearer tokens (<c>authorization: Bearer &lt;token&gt;</c>).</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>Accepted API keys (<c>x-api-key: &lt;key&gt;</c>).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A file with more bearer tokens, one per line (e.g. a mounted Kubernetes Secret).</summary>
    public string? TokensFile { get; set; }

    /// <summary>A file with more API keys, one per line.</summary>
    public string? ApiKeysFile { get; set; }

    /// <summary>
    /// The first configured bearer token (from <see cref="Tokens"/>, else the first line of <see cref="TokensFile"/>):
    /// what a host that calls its own stages (the gateway of <c>serve all</c>, embedded stages) presents.
    /// </summary>
    public string? FirstToken() =>
        Tokens.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim()
        ?? (TokensFile is { Length: > 0 } file && File.Exists(file)
            ? File.ReadLines(file).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))
            : null);
}
