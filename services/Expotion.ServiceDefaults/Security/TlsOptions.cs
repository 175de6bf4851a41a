namespace Expotion.ServiceDefaults.Security;

/// <summary>
/// TLS for the https:// addresses a host listens on (section "Tls"; environment <c>Tls__CertificatePath</c> …).
/// The certificate is a PEM file with <see cref="KeyPath"/> beside it, or a PFX/PKCS#12 file (with
/// <see cref="Password"/>). http:// addresses stay plain-text HTTP/2 (h2c); https:// ones negotiate HTTP/2 by ALPN.
/// </summary>
public sealed class TlsOptions
{
    public const string SectionName = "Tls";

    /// <summary>The server certificate: <c>.pem</c>/<c>.crt</c> (with <see cref="KeyPath"/>) or <c>.pfx</c>/<c>.p12</c>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Mutual TLS: a PEM file of the CA certificate(s) that sign client certificates. When set, every TLS
    /// client must present a certificate that chains to one of them; connections without one are refused.
    /// </summary>
    public string? ClientCaPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
