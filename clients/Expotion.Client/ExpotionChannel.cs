using Grpc.Core;
using Grpc.Net.Client;

namespace Expotion.Client;

/// <summary>Creates gRPC channels with the settings Expotion streams need.</summary>
public static class ExpotionChannel
{
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>
    /// A channel to <paramref name="address"/>; <paramref name="security"/> adds a token or API key to every
    /// call (also over plain http://, where a cluster's network is trusted to carry it) and the TLS settings
    /// for https:// addresses.
    /// </summary>
    public static GrpcChannel Create(Uri address, int maxMessageBytes = DefaultMaxMessageBytes, ClientSecurity? security = null)
    {
        if (address.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{address}' is not an http:// or https:// address", nameof(address));
        security ??= ClientSecurity.None;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        security.Apply(handler.SslOptions);
        var options = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
            HttpHandler = handler,
        };
        if (security.CallCredentials() is { } call)
        {
            options.Credentials = ChannelCredentials.Create(address.Scheme == "https" ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, call);
            options.UnsafeUseInsecureChannelCallCredentials = address.Scheme == "http";
        }
        return GrpcChannel.ForAddress(address, options);
    }
}
