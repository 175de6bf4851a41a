using Expotion.ServiceDefaults;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Expotion.Adapters.Tests.Helpers;

/// <summary>What one call wrote before it ended, and the status it ended with (null: OK).</summary>
internal sealed record CallResult<TResponse>(IReadOnlyList<TResponse> Responses, RpcException? Error)
{
    public RpcException Failed => Error ?? throw new Xunit.Sdk.XunitException($"the call succeeded after {Responses.Count} responses");

    public IReadOnlyList<TResponse> Succeeded => Error is null ? Responses : throw new Xunit.Sdk.XunitException($"the call failed: {Error.Status}");
}

/// <summary>
/// Calls a duplex adapter method directly, with fake streams and call context, through the exception mapping every host puts
/// in front of it, so that a failure reads as the status a client would get.
/// </summary>
internal static class AdapterCall
{
    public static async Task<CallResult<TResponse>> DuplexAsync<TRequest, TResponse>(IServiceProvider services, string method,
        DuplexStreamingServerMethod<TRequest, TResponse> handler, IEnumerable<TRequest> requests, CancellationToken cancellationToken,
        DateTime? deadline = null)
        where TRequest : class where TResponse : class
    {
        var context = TestServerCallContext.Create(method, cancellationToken, deadline);
        var responses = new TestServerStreamWriter<TResponse>(context);
        var mapping = ActivatorUtilities.CreateInstance<ExceptionMappingInterceptor>(services);
        try
        {
            await mapping.DuplexStreamingServerHandler(new TestAsyncStreamReader<TRequest>(requests), responses, context, handler);
            return new(responses.Written, null);
        }
        catch (RpcException ex)
        {
            return new(responses.Written, ex);
        }
    }

    /// <summary>The field a bad-input status names (its BadRequest detail), or null.</summary>
    public static string? ViolatedField(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.SingleOrDefault()?.Field;
}
