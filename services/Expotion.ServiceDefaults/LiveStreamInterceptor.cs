using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Hosting;

namespace Expotion.ServiceDefaults;

/// <summary>
/// Around every Expotion streaming call (grpc.health and reflection are left alone): refuses it with
/// Unavailable once the host is shutting down, counts it in <see cref="LiveStreams"/> while it runs, and
/// ends it with Unavailable when the shutdown drain runs out (<see cref="ShutdownDrain.Expired"/>).
/// The call's deadline and cancellation reach the stage through <see cref="ServerCallContext.CancellationToken"/>.
/// </summary>
public sealed class LiveStreamInterceptor(LiveStreams live, ShutdownDrain drain, IHostApplicationLifetime lifetime) : Interceptor
{
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        IsExpotion(context) ? RunAsync(context, c => continuation(requestStream, responseStream, c)) : continuation(requestStream, responseStream, context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        IsExpotion(context) ? RunAsync(context, c => continuation(request, responseStream, c)) : continuation(request, responseStream, context);

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsExpotion(context)) return await continuation(requestStream, context);
        TResponse response = default!;
        await RunAsync(context, async c => response = await continuation(requestStream, c));
        return response;
    }

    private static bool IsExpotion(ServerCallContext context) => context.Method.StartsWith("/expotion.", StringComparison.Ordinal);

    private async Task RunAsync(ServerCallContext context, Func<ServerCallContext, Task> body)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            live.CountRefused();
            throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down; open the stream on another replica"));
        }
        using var lease = live.Open(context.Method, context.Deadline != DateTime.MaxValue);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, drain.Expired);
        try
        {
            await body(new DrainingCallContext(context, linked.Token));
        }
        catch (Exception ex) when (ex is not RpcException { StatusCode: not StatusCode.Cancelled }
                                   && drain.Expired.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            live.CountCut();
            throw new RpcException(new Status(StatusCode.Unavailable, "the server shut down before the stream ended; resume it on another replica"));
        }
    }
}
