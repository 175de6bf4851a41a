using Grpc.Core;

namespace Expotion.Adapters.Tests.Helpers;

/// <summary>The request side of a call: the given messages in order, then the client's half-close.</summary>
internal sealed class TestAsyncStreamReader<T>(IEnumerable<T> messages) : IAsyncStreamReader<T> where T : class
{
    private readonly IEnumerator<T> _messages = messages.GetEnumerator();
    private T? _current;

    /// <summary>How many messages the adapter has read.</summary>
    public int Read { get; private set; }

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true");

    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_messages.MoveNext()) return Task.FromResult(false);
        _current = _messages.Current;
        Read++;
        return Task.FromResult(true);
    }
}
