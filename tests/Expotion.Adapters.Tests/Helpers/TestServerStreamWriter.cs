using Grpc.Core;

namespace Expotion.Adapters.Tests.Helpers;

/// <summary>
/// The response side of a call: keeps what the adapter writes, in order, and refuses a write that overlaps the
/// previous one or comes after the call was cancelled (as grpc-dotnet's own writer does).
/// </summary>
internal sealed class TestServerStreamWriter<T>(ServerCallContext context) : IServerStreamWriter<T> where T : class
{
    private readonly List<T> _written = [];
    private int _writing;

    public IReadOnlyList<T> Written => _written;

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        if (context.CancellationToken.IsCancellationRequested) return Task.FromCanceled(context.CancellationToken);
        if (Interlocked.Exchange(ref _writing, 1) == 1) throw new InvalidOperationException("a write overlapped the previous one");
        try { _written.Add(message); }
        finally { Volatile.Write(ref _writing, 0); }
        return Task.CompletedTask;
    }
}
