using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Expotion.ServiceDefaults.Security;

/// <summary>
/// The token check on every gRPC method except grpc.health.v1 (Kubernetes probes carry no credentials, and
/// health says nothing a caller could misuse). A refused call ends with <c>Unauthenticated</c> and the
/// reason; the accepted credential's name (not its value) is kept in <see cref="ServerCallContext.UserState"/>
/// under <see cref="CallerKey"/> for the per-client stream limit.
/// </summary>
public sealed class AuthInterceptor(CallerAuthenticator authenticator, ILogger<AuthInterceptor> logger) : Interceptor
{
    public const string CallerKey = "expotion.caller";
    private const string HealthPrefix = "/grpc.health.v1.Health/";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        if (!authenticator.Enabled || context.Method.StartsWith(HealthPrefix, StringComparison.Ordinal)) return;
        var check = authenticator.Check(context.RequestHeaders.GetValue(CallerAuthenticator.AuthorizationHeader),
            context.RequestHeaders.GetValue(CallerAuthenticator.ApiKeyHeader));
        if (!check.Accepted)
        {
            SecurityLog.Refused(logger, context.Method, context.Peer, check.Reason);
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"{context.Method}: {check.Reason}"));
        }
        context.UserState[CallerKey] = check.Caller!;
    }
}
