using Grpc.Net.Client;

namespace Expotion.Client;

/// <summary>Creates gRPC channels with the settings Expotion streams need.</summary>
public static class ExpotionChannel
{
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    public static GrpcChannel Create(Uri address, int maxMessageBytes = DefaultMaxMessageBytes)
    {
        if (address.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{address}' is not an http:// or https:// address", nameof(address));
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            },
        });
    }
}
