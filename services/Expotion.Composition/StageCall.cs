using Grpc.Core;

namespace Expotion.Composition;

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

    /// <summary>
    /// A write to a stage whose call has already ended (it refused the input, or went away) fails with an echo,
    /// often Cancelled with no detail; the stage's own status arrives on its response stream, which another hop
    /// reads and reports. So a failed write returns false (the caller stops sending) instead of masking that
    /// status. Failures from our own cancellation still throw.
    /// </summary>
    public static async Task<bool> TryWriteAsync(Func<Task> write, CancellationToken ct)
    {
        try
        {
            await write();
            return true;
        }
        catch (RpcException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
