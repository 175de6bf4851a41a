using System.Threading.Channels;
using Grpc.Core;

namespace Expotion.Composition;

/// <summary>Keeps the first error of a set of cooperating tasks, cancels the others and ends the output with it.</summary>
internal sealed class FirstFailure(CancellationTokenSource cancel, ChannelWriter<Expotion.V1.PerformResponse> output)
{
    private Exception? _first;

    public Task Watch(string stage, Func<Task> body) => Task.Run(async () =>
    {
        try { await body(); }
        catch (Exception ex)
        {
            var tagged = ex is RpcException rpc ? StageCall.Tag(rpc, stage) : ex;
            // Errors caused by our own cancellation after the first failure are echoes, not causes.
            if (Interlocked.CompareExchange(ref _first, tagged, null) is null)
            {
                output.TryComplete(tagged);
                await cancel.CancelAsync();
            }
        }
    });

    public void ThrowIfFailed()
    {
        if (_first is { } ex) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex);
    }
}
