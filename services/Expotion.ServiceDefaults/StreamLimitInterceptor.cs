using Expotion.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.ServiceDefaults;

/// <summary>
/// Counts the streaming calls each client holds open (<see cref="ClientStreamCounter"/>) and refuses one over
/// <see cref="ServiceLimitsOptions.MaxStreamsPerClient"/> with <c>ResourceExhausted</c>. grpc.health.v1 is
/// not counted (a Watch stays open for as long as a balancer cares).
/// </summary>
public sealed class StreamLimitInterceptor(ClientStreamCounter counter, IOptions<ServiceLimitsOptions> limits,
    ILogger<StreamLimitInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var client = Enter(context);
        try { return await continuation(requestStream, context); }
        finally { if (client is not null) counter.Exit(client); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var client = Enter(context);
        try { await continuation(request, responseStream, context); }
        finally { if (client is not null) counter.Exit(client); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var client = Enter(context);
        try { await continuation(requestStream, responseStream, context); }
        finally { if (client is not null) counter.Exit(client); }
    }

    /// <summary>The client the stream was counted for, or null when it is not counted.</summary>
    private string? Enter(ServerCallContext context)
    {
        if (context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)) return null;
        var client = ClientOf(context);
        var limit = limits.Value.MaxStreamsPerClient;
        if (counter.TryEnter(client, limit, out var open)) return client;
        var message = $"{ServiceLimitsOptions.SectionName}:{nameof(ServiceLimitsOptions.MaxStreamsPerClient)}: {client} already has {open} streams open (limit {limit}); "
            + $"close one first, or raise the limit with {ServiceLimitsOptions.SectionName}__{nameof(ServiceLimitsOptions.MaxStreamsPerClient)} (0 = no limit)";
        ExpotionLog.LimitExceeded(logger, context.Method, message);
        throw new RpcException(new Status(StatusCode.ResourceExhausted, message));
    }

    /// <summary>The credential's name when auth is on, else the peer's address without its port.</summary>
    public static string ClientOf(ServerCallContext context)
    {
        if (context.UserState.TryGetValue(AuthInterceptor.CallerKey, out var caller) && caller is string name) return name;
        var peer = context.Peer ?? "unknown";
        var colon = peer.LastIndexOf(':');
        return colon > peer.IndexOf(':') ? peer[..colon] : peer;
    }
}
