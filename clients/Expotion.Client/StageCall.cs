using Grpc.Core;

namespace Expotion.Client;

/// <summary>Names the stage in errors that cross the pipeline, keeping the status code (Unavailable stays Unavailable).</summary>
internal static class StageCall
{
    public static RpcException Tag(RpcException ex, string stage) =>
        ex.Status.Detail.StartsWith(stage + ":", StringComparison.Ordinal)
            ? ex
            : new RpcException(new Status(ex.StatusCode, $"{stage}: {ex.Status.Detail}", ex.Status.DebugException), ex.Trailers);

    public static async Task RunAsync(string stage, Func<Task> body)
    {
        try { await body(); }
        catch (RpcException ex) { throw Tag(ex, stage); }
    }
}
