using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Expotion.Tests.Shared;

/// <summary>
/// A throw-away PKI written as PEM files into a temporary folder: a CA, a server certificate for 127.0.0.1 and
/// localhost signed by it, a client certificate signed by it, and a self-signed client certificate that no CA
/// vouches for. Generated at test time (no keys are committed) and deleted with the folder.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("expotion-pki-").FullName;
        using var ca = CreateCa("CN=Expotion Test CA");
        CaPath = WriteCertificate("ca.pem", ca);
        (ServerCertPath, ServerKeyPath) = WriteLeaf("server", "CN=127.0.0.1", ServerAuth, ca, san: true);
        (ClientCertPath, ClientKeyPath) = WriteLeaf("client", "CN=expotion-test-client", ClientAuth, ca, san: false);
        using var other = CreateCa("CN=Someone Else's CA");
        OtherCaPath = WriteCertificate("other-ca.pem", other);
        (StrangerCertPath, StrangerKeyPath) = WriteLeaf("stranger", "CN=stranger", ClientAuth, other, san: false);
    }

    public string Folder { get; }
    public string CaPath { get; }
    public string OtherCaPath { get; }
    public string ServerCertPath { get; }
    public string ServerKeyPath { get; }
    public string ClientCertPath { get; }
    public string ClientKeyPath { get; }
    public string StrangerCertPath { get; }
    public string StrangerKeyPath { get; }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
    }

    private (string Cert, string Key) WriteLeaf(string name, string subject, Oid usage, X509Certificate2 issuer, bool san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (san)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }
        using var certificate = request.Create(issuer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));
        var certPath = WriteCertificate($"{name}.pem", certificate);
        var keyPath = Path.Combine(Folder, $"{name}.key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    private string WriteCertificate(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
