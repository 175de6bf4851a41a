using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Expotion.ServiceDefaults.Security;

/// <summary>Loads certificates from files and checks a peer's certificate against a configured CA.</summary>
public static class CertificateFiles
{
    /// <summary>A PFX/PKCS#12 file (by extension), or a PEM certificate with its PEM key.</summary>
    public static X509Certificate2 LoadWithKey(string certificatePath, string? keyPath, string? password)
    {
        if (!File.Exists(certificatePath))
            throw new InvalidOperationException($"Tls:CertificatePath: '{certificatePath}' does not exist");
        var ext = Path.GetExtension(certificatePath).ToLowerInvariant();
        if (ext is ".pfx" or ".p12")
            return X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
        if (string.IsNullOrWhiteSpace(keyPath) || !File.Exists(keyPath))
            throw new InvalidOperationException($"Tls:KeyPath: a PEM certificate needs its PEM key file ('{keyPath}' does not exist)");
        var pem = string.IsNullOrEmpty(password)
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        // Re-import so that the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Every certificate in a PEM file (a CA bundle).</summary>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"the CA file '{path}' does not exist");
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(path);
        if (bundle.Count == 0) throw new InvalidOperationException($"the CA file '{path}' holds no PEM certificate");
        return bundle;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of <paramref name="roots"/> (and only those) and is
    /// valid now. <paramref name="errors"/> says why not. Revocation is not checked (no CRL reachable offline).
    /// </summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots, out string errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var ok = chain.Build(certificate);
        errors = ok ? "" : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("untrusted"));
        return ok;
    }

    /// <summary>A remote-certificate callback that trusts <paramref name="roots"/> besides checking the host name.</summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2Collection roots) => (_, certificate, _, sslErrors) =>
        certificate is not null
        && (sslErrors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
        && ChainsTo(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), roots, out _);
}
