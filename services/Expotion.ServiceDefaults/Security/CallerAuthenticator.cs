using System.Security.Cryptography;
using System.Text;

namespace Expotion.ServiceDefaults.Security;

/// <summary>
/// Checks bearer tokens and API keys against the configured ones. Only SHA-256 digests of the secrets are
/// kept, and a candidate is compared with every digest in fixed time, so neither the secrets nor the
/// timing of a mismatch leak. Messages name the credential kind and its position, never its value.
/// </summary>
public sealed class CallerAuthenticator
{
    public const string AuthorizationHeader = "authorization";
    public const string ApiKeyHeader = "x-api-key";

    private readonly byte[][] _tokens;
    private readonly byte[][] _apiKeys;

    public CallerAuthenticator(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tokens = Digests(options.Tokens, options.TokensFile);
        _apiKeys = Digests(options.ApiKeys, options.ApiKeysFile);
    }

    /// <summary>False when no token and no key is configured: every caller is accepted.</summary>
    public bool Enabled => _tokens.Length + _apiKeys.Length > 0;

    public int TokenCount => _tokens.Length;
    public int ApiKeyCount => _apiKeys.Length;

    /// <summary>Checks the value of an <c>authorization</c> header and/or an <c>x-api-key</c> header.</summary>
    public CallerCheck Check(string? authorization, string? apiKey)
    {
        if (!Enabled) return CallerCheck.Open;
        if (!string.IsNullOrEmpty(authorization))
        {
            const string scheme = "Bearer ";
            if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                return CallerCheck.Refused("the authorization header must be 'Bearer <token>'");
            return CheckToken(authorization[scheme.Length..].Trim());
        }
        if (!string.IsNullOrEmpty(apiKey)) return CheckApiKey(apiKey.Trim());
        return CallerCheck.Refused(
            $"no credentials: send 'authorization: Bearer <token>' or '{ApiKeyHeader}: <key>' (the server accepts those in {AuthOptions.SectionName}:Tokens and {AuthOptions.SectionName}:ApiKeys)");
    }

    /// <summary>Checks a bare bearer token (e.g. from a WebSocket's query string or subprotocol).</summary>
    public CallerCheck CheckToken(string token)
    {
        if (!Enabled) return CallerCheck.Open;
        var index = Match(_tokens, token);
        return index >= 0 ? CallerCheck.As($"bearer token #{index + 1}") : CallerCheck.Refused("the bearer token is not accepted");
    }

    private CallerCheck CheckApiKey(string key)
    {
        var index = Match(_apiKeys, key);
        return index >= 0 ? CallerCheck.As($"API key #{index + 1}") : CallerCheck.Refused("the API key is not accepted");
    }

    /// <summary>The index of the matching digest or -1; always compares against every digest.</summary>
    private static int Match(byte[][] digests, string candidate)
    {
        if (candidate.Length == 0) return -1;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        var found = -1;
        for (var i = 0; i < digests.Length; i++)
            if (CryptographicOperations.FixedTimeEquals(digests[i], digest) && found < 0) found = i;
        return found;
    }

    private static byte[][] Digests(IEnumerable<string> configured, string? file)
    {
        var secrets = configured.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
        if (!string.IsNullOrWhiteSpace(file))
        {
            if (!File.Exists(file))
                throw new InvalidOperationException($"the secrets file '{file}' does not exist");
            secrets.AddRange(File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }
        return secrets.Distinct(StringComparer.Ordinal).Select(s => SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToArray();
    }
}
