using System.Collections.Concurrent;

namespace Expotion.ServiceDefaults;

/// <summary>Open streams per client (one per host; the stream limit's count). The total is <see cref="LiveStreams.Count"/>.</summary>
public sealed class ClientStreamCounter
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);
    /// <summary>Streams <paramref name="client"/> has open now.</summary>
    public int OpenBy(string client) => _open.TryGetValue(client, out var n) ? n : 0;

    /// <summary>Counts one more stream for <paramref name="client"/> unless it already holds <paramref name="limit"/> (0 = no limit).</summary>
    public bool TryEnter(string client, int limit, out int open)
    {
        while (true)
        {
            var current = _open.GetOrAdd(client, 0);
            if (limit > 0 && current >= limit) { open = current; return false; }
            if (_open.TryUpdate(client, current + 1, current))
            {
                open = current + 1;
                return true;
            }
        }
    }

    public void Exit(string client)
    {
        _open.AddOrUpdate(client, 0, (_, n) => Math.Max(0, n - 1));
        _open.TryRemove(new KeyValuePair<string, int>(client, 0));
    }
}
