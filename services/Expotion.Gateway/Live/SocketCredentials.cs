using Expotion.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace Expotion.Gateway.Live;

/// <summary>
/// The token check for the live page's WebSocket. Browsers cannot set headers on a WebSocket, so the token
/// comes as a subprotocol, <c>new WebSocket(url, ["expotion", "expotion.token.&lt;token&gt;"])</c> (preferred:
/// headers are not logged), or in the query string, <c>/perform?token=&lt;token&gt;</c> (Expotion's hosts log
/// Microsoft.AspNetCore at Warning and above only, so the URL is not written to the log; a proxy in front may log it).
/// Tokens sent this way must be URL- and header-safe (e.g. base64url).
/// </summary>
public static class SocketCredentials
{
    public const string Protocol = "expotion";
    public const string TokenProtocolPrefix = "expotion.token.";
    public const string TokenQuery = "token";

    public static CallerCheck Check(CallerAuthenticator authenticator, HttpContext http)
    {
        if (!authenticator.Enabled) return CallerCheck.Open;
        var token = http.WebSockets.WebSocketRequestedProtocols
            .FirstOrDefault(p => p.StartsWith(TokenProtocolPrefix, StringComparison.Ordinal))?[TokenProtocolPrefix.Length..];
        token ??= http.Request.Query[TokenQuery].FirstOrDefault();
        if (string.IsNullOrEmpty(token))
            return CallerCheck.Refused($"no token: open the socket with the subprotocol '{TokenProtocolPrefix}<token>' or with ?{TokenQuery}=<token>");
        return authenticator.CheckToken(token);
    }

    /// <summary>The subprotocol to answer with: browsers fail the socket when one was offered and none is chosen.</summary>
    public static string? Chosen(HttpContext http)
    {
        var offered = http.WebSockets.WebSocketRequestedProtocols;
        if (offered.Count == 0) return null;
        return offered.Contains(Protocol) ? Protocol : offered[0];
    }
}
