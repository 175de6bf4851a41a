using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace Expotion.Composition;

/// <summary>Creates gRPC channels with the settings Expotion streams need.</summary>
public static class ExpotionChannel
{
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>
    /// A channel to one address: http:// or https://, or <c>dns:///host:port</c> (plain text), whose every
    /// resolved address is a replica balanced as in <see cref="Create(IReadOnlyList{Uri}, int, ClientSecurity?)"/>
    /// (a Kubernetes headless service). <paramref name="security"/> adds a token or API key to every call (also
    /// over plain http://, where a cluster's network is trusted to carry it) and the TLS settings for https://.
    /// </summary>
    public static GrpcChannel Create(Uri address, int maxMessageBytes = DefaultMaxMessageBytes, ClientSecurity? security = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        security ??= ClientSecurity.None;
        if (address.Scheme == "dns") return Balanced(address.ToString(), secure: false, null, maxMessageBytes, security);
        if (address.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{address}' is not an http://, https:// or dns:/// address", nameof(address));
        var options = Options(maxMessageBytes, security);
        SetCredentials(options, address.Scheme == "https", security);
        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>
    /// A channel to one stage's replicas. With one address it is <see cref="Create(Uri, int, ClientSecurity?)"/>; with
    /// several, Grpc.Net.Client's static resolver lists them and the round-robin balancer gives each new stream the
    /// next replica that is connected; a replica that goes away leaves the rotation when its connection closes and
    /// comes back when it reconnects. A stream whose opening fails with <c>Unavailable</c> (it reached a replica
    /// that had just gone) is retried on another before any response arrived; once it has responses, a failure is
    /// the caller's to handle (resuming needs the protocol's resume state).
    /// </summary>
    public static GrpcChannel Create(IReadOnlyList<Uri> replicas, int maxMessageBytes = DefaultMaxMessageBytes, ClientSecurity? security = null)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        if (replicas.Count == 0) throw new ArgumentException("no address given", nameof(replicas));
        if (replicas.Count == 1) return Create(replicas[0], maxMessageBytes, security);
        var schemes = replicas.Select(r => r.Scheme).Distinct().ToArray();
        if (schemes is not ["http"] and not ["https"])
            throw new ArgumentException($"replicas must all be http:// or all https:// addresses, got {string.Join(", ", replicas)}", nameof(replicas));
        return Balanced($"static:///{replicas[0].Host}", schemes[0] == "https", new ReplicaServices(replicas), maxMessageBytes, security ?? ClientSecurity.None);
    }

    private static GrpcChannel Balanced(string target, bool secure, IServiceProvider? services, int maxMessageBytes, ClientSecurity security)
    {
        var options = Options(maxMessageBytes, security);
        options.Credentials = secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        SetCredentials(options, secure, security);
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

    /// <summary>The token or API key on every call, over TLS or (trusted network) plain text.</summary>
    private static void SetCredentials(GrpcChannelOptions options, bool secure, ClientSecurity security)
    {
        if (security.CallCredentials() is not { } call) return;
        options.Credentials = ChannelCredentials.Create(secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, call);
        options.UnsafeUseInsecureChannelCallCredentials = !secure;
    }

    private static GrpcChannelOptions Options(int maxMessageBytes, ClientSecurity security)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        security.Apply(handler.SslOptions);
        return new GrpcChannelOptions
        {
            MaxReceiveMessageSize = maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
            HttpHandler = handler,
        };
    }
}
