using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Expotion.ServiceDefaults.Security;

/// <summary>
/// Applies <see cref="TlsOptions"/> to Kestrel's https defaults, so that every https:// address (from
/// <c>--urls</c> or a host's own <c>ListenOptions.UseHttps()</c>) serves the configured certificate and, with
/// <see cref="TlsOptions.ClientCaPath"/>, requires a client certificate signed by that CA.
/// </summary>
public static class TlsSetup
{
    public static void Apply(KestrelServerOptions kestrel, TlsOptions tls, ILoggerFactory? loggers)
    {
        if (!tls.Enabled) return;
        var certificate = CertificateFiles.LoadWithKey(tls.CertificatePath!, tls.KeyPath, tls.Password);
        X509Certificate2Collection? clientRoots = string.IsNullOrWhiteSpace(tls.ClientCaPath) ? null : CertificateFiles.LoadBundle(tls.ClientCaPath);
        var logger = loggers?.CreateLogger(typeof(TlsSetup));
        kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = certificate;
            if (clientRoots is null) return;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (client, _, _) =>
            {
                var ok = CertificateFiles.ChainsTo(client, clientRoots, out var errors);
                if (!ok && logger is not null) SecurityLog.ClientCertificateRefused(logger, client.Subject, errors);
                return ok;
            };
        });
    }
}
