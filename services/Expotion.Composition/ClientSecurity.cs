using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;

namespace Expotion.Composition;

/// <summary>
/// What a client presents to Expotion services: a bearer token or an API key (sent as call metadata on every
/// call), a CA to trust for https:// addresses (else the system's roots), and a client certificate for mutual
/// TLS (PEM certificate + PEM key, or a PFX with no key path).
/// </summary>
public sealed record ClientSecurity(
    string? Token = null,
    string? ApiKey = null,
    string? CaCertificatePath = null,
    string? ClientCertificatePath = null,
    string? ClientKeyPath = null)
{
    /// <summary>The environment variable a token may come from instead of a command line (where <c>ps</c> would show it).</summary>
    public const string TokenVariable = "EXPOTION_TOKEN";

    public static ClientSecurity None { get; } = new();

    public bool HasCallCredentials => !string.IsNullOrEmpty(Token) || !string.IsNullOrEmpty(ApiKey);

    /// <summary>The same settings, with the token from <see cref="TokenVariable"/> when none was given.</summary>
    public ClientSecurity WithEnvironmentToken() =>
        Token is { Length: > 0 } || Environment.GetEnvironmentVariable(TokenVariable) is not { Length: > 0 } token ? this : this with { Token = token };

    /// <summary>Adds the token or key to each call's metadata.</summary>
    internal CallCredentials? CallCredentials() => HasCallCredentials
        ? Grpc.Core.CallCredentials.FromInterceptor((_, metadata) =>
        {
            if (!string.IsNullOrEmpty(Token)) metadata.Add("authorization", $"Bearer {Token}");
            else metadata.Add("x-api-key", ApiKey!);
            return Task.CompletedTask;
        })
        : null;

    /// <summary>TLS settings for https:// addresses.</summary>
    internal void Apply(SslClientAuthenticationOptions ssl)
    {
        if (CaCertificatePath is { Length: > 0 } ca)
        {
            if (!File.Exists(ca)) throw new ArgumentException($"--ca-cert: '{ca}' does not exist");
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(ca);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }
        if (ClientCertificatePath is { Length: > 0 } certPath)
        {
            if (!File.Exists(certPath)) throw new ArgumentException($"--client-cert: '{certPath}' does not exist");
            X509Certificate2 certificate;
            if (ClientKeyPath is { Length: > 0 } keyPath)
            {
                using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            else
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(certPath, null);
            }
            ssl.ClientCertificates = [certificate];
        }
    }
}
