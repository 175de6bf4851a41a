using Microsoft.Extensions.Logging;

namespace Expotion.ServiceDefaults.Security;

/// <summary>Security log lines: they name credentials by kind and position, never by value.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "auth is off: no Auth:Tokens or Auth:ApiKeys configured, every caller is accepted")]
    public static partial void AuthOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "auth is on: {Tokens} bearer token(s), {ApiKeys} API key(s); grpc.health.v1 answers without credentials")]
    public static partial void AuthOn(ILogger logger, int tokens, int apiKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS is on for https:// addresses (HTTP/2 by ALPN); client certificates: {ClientCertificates}")]
    public static partial void TlsOn(ILogger logger, string clientCertificates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method}: unauthenticated call from {Peer}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS: refused a client certificate ({Subject}): {Errors}")]
    public static partial void ClientCertificateRefused(ILogger logger, string subject, string errors);
}
