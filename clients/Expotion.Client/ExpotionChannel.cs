using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace Expotion.Client;

/// <summary>Creates gRPC channels with the settings Expotion streams need.</summary>
public static class ExpotionChannel
{
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>
    /// A channel to one address: http:// or https://, or <c>dns:///host:port</c> (plain text), whose every
    /// resolved address is a replica balanced as in <see cref="Create(IReadOnlyList{Uri}, int)"/> (a Kubernetes
    /// headless service).
    /// </summary>
    public static GrpcChannel Create(Uri address, int maxMessageBytes = DefaultMaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme == "dns") return Balanced(address.ToString(), ChannelCredentials.Insecure, null, maxMessageBytes);
        if (address.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{address}' is not an http://, https:// or dns:/// address", nameof(address));
        return GrpcChannel.ForAddress(address, Options(maxMessageBytes));
    }

    /// <summary>
    /// A channel to one stage's replicas. With one address it is <see cref="Create(Uri, int)"/>; with several,
    /// Grpc.Net.Client's static resolver lists them and the round-robin balancer gives each new stream the next
    /// replica that is connected; a replica that goes away leaves the rotation when its connection closes and
    /// comes back when it reconnects. A stream whose opening fails with <c>Unavailable</c> (it reached a replica
    /// that had just gone) is retried on another before any response arrived; once it has responses, a failure is
    /// the caller's to handle (resuming needs the protocol's resume state).
    /// </summary>
    public static GrpcChannel Create(IReadOnlyList<Uri> replicas, int maxMessageBytes = DefaultMaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        if (replicas.Count == 0) throw new ArgumentException("no address given", nameof(replicas));
        if (replicas.Count == 1) return Create(replicas[0], maxMessageBytes);
        var schemes = replicas.Select(r => r.Scheme).Distinct().ToArray();
        if (schemes is not ["http"] and not ["https"])
            throw new ArgumentException($"replicas must all be http:// or all https:// addresses, got {string.Join(", ", replicas)}", nameof(replicas));
        return Balanced($"static:///{replicas[0].Host}", schemes[0] == "https" ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
            new ReplicaServices(replicas), maxMessageBytes);
    }

    private static GrpcChannel Balanced(string target, ChannelCredentials credentials, IServiceProvider? services, int maxMessageBytes)
    {
        var options = Options(maxMessageBytes);
        options.Credentials = credentials;
        options.ServiceProvider = services;
        options.ServiceConfig = new ServiceConfig
        {
            LoadBalancingConfigs = { new RoundRobinConfig() },
            MethodConfigs =
            {
                new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = 5,
                        InitialBackoff = TimeSpan.FromMilliseconds(50),
                        MaxBackoff = TimeSpan.FromSeconds(1),
                        BackoffMultiplier = 2,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                },
            },
        };
        return GrpcChannel.ForAddress(target, options);
    }

    private static GrpcChannelOptions Options(int maxMessageBytes) => new()
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
    };
}
