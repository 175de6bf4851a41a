using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.ServiceDefaults;

/// <summary>
/// Maps domain exceptions to gRPC statuses so that no bare exception reaches the framework
/// (where it would become Unknown): bad input → InvalidArgument with a FieldViolation, a request that is not
/// protobuf of the method's type → InvalidArgument, limits (ours, and the framework's message size with the
/// setting named) → ResourceExhausted, a client's stream reset → Cancelled, a downstream RpcException passes
/// through, anything else → Internal.
/// </summary>
public sealed class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger, IOptions<ServiceLimitsOptions> limits) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception ex) when (Map(ex, context) is { } mapped) { throw mapped; }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (Exception ex) when (Map(ex, context) is { } mapped) { throw mapped; }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception ex) when (Map(ex, context) is { } mapped) { throw mapped; }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (Exception ex) when (Map(ex, context) is { } mapped) { throw mapped; }
    }

    /// <summary>The RpcException to throw instead, or null to let the exception through untouched.</summary>
    private RpcException? Map(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return null;                                                  // the framework reports cancel/deadline
            case RpcException { StatusCode: StatusCode.ResourceExhausted } rpc when rpc.Status.Detail.Contains("maximum configured message size", StringComparison.Ordinal):
                // The framework's own check on an incoming message: say which setting it is.
                var max = limits.Value.MaxMessageBytes;
                var detail = $"{ServiceLimitsOptions.SectionName}:{nameof(ServiceLimitsOptions.MaxMessageBytes)}: a message is larger than {max} bytes; "
                    + $"send smaller messages (e.g. JPEG frames or a lower resolution) or raise {ServiceLimitsOptions.SectionName}__{nameof(ServiceLimitsOptions.MaxMessageBytes)} on the server and the client";
                ExpotionLog.LimitExceeded(logger, context.Method, detail);
                return new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, detail));
            case RpcException:
                return null;                                                  // already a status (e.g. from a downstream stage)
            case InvalidInputException invalid:
                ExpotionLog.InvalidInput(logger, context.Method, invalid.Message);
                return new Google.Rpc.Status
                {
                    Code = (int)Code.InvalidArgument,
                    Message = invalid.Message,
                    Details =
                    {
                        Any.Pack(new BadRequest
                        {
                            FieldViolations = { new BadRequest.Types.FieldViolation { Field = invalid.Field, Description = invalid.Reason } },
                        }),
                    },
                }.ToRpcException();
            case InvalidProtocolBufferException malformed:
                // A request message that is not protobuf of the method's type (random, truncated or corrupted bytes).
                var what = $"message: a request is not a valid protobuf message for {context.Method} ({malformed.Message})";
                ExpotionLog.InvalidInput(logger, context.Method, what);
                return new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, what));
            case LimitExceededException limit:
                ExpotionLog.LimitExceeded(logger, context.Method, limit.Message);
                return new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, limit.Message));
            case IOException when context.CancellationToken.IsCancellationRequested:
                return null;
            case IOException io when io.Message.Contains("reset", StringComparison.OrdinalIgnoreCase):
                // The client reset the stream (e.g. it cancelled) before the call's token says so: not a server error.
                return new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, $"the client reset the stream: {io.Message}"));
            case FileNotFoundException or DllNotFoundException:
                // The service is missing something it needs on its machine (a SoundFont, a native library).
                ExpotionLog.Unhandled(logger, ex, context.Method);
                return new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, ex.Message));
            default:
                ExpotionLog.Unhandled(logger, ex, context.Method);
                return new RpcException(new Grpc.Core.Status(StatusCode.Internal, $"{ex.GetType().Name}: {ex.Message}"));
        }
    }
}
