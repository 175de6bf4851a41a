using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Expotion.ServiceDefaults;

/// <summary>
/// The streaming calls a host is serving right now, per method: what shutdown drains, what a cancelled
/// client must bring back down, and the <c>expotion.streams.live</c> gauge (meter <see cref="MeterName"/>).
/// Also counts the streams that arrived with a deadline, so that deadline propagation can be checked.
/// </summary>
public sealed class LiveStreams : IDisposable
{
    public const string MeterName = "Expotion.Streams";

    private readonly ConcurrentDictionary<string, StrongBox> _live = new(StringComparer.Ordinal);
    private readonly Meter _meter = new(MeterName);
    private long _opened, _withDeadline, _refused, _drainCut;

    public LiveStreams()
    {
        _meter.CreateObservableGauge("expotion.streams.live",
            () => _live.Select(p => new Measurement<long>(Interlocked.Read(ref p.Value.Value), new KeyValuePair<string, object?>("method", p.Key))),
            unit: "{stream}", description: "Streaming calls being served");
    }

    /// <summary>Streams being served now, all methods.</summary>
    public long Count => _live.Values.Sum(b => Interlocked.Read(ref b.Value));

    /// <summary>Streams being served now for one method (e.g. "/expotion.v1.Music/Generate").</summary>
    public long CountOf(string method) => _live.TryGetValue(method, out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>Streams opened since start.</summary>
    public long Opened => Interlocked.Read(ref _opened);

    /// <summary>Streams opened since start whose call carried a deadline (grpc-timeout).</summary>
    public long OpenedWithDeadline => Interlocked.Read(ref _withDeadline);

    /// <summary>Streams refused with Unavailable because the host was shutting down.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Streams ended with Unavailable because they outlasted the shutdown drain.</summary>
    public long CutByDrain => Interlocked.Read(ref _drainCut);

    /// <summary>Counts a stream in; disposing the result counts it out.</summary>
    public IDisposable Open(string method, bool hasDeadline)
    {
        Interlocked.Increment(ref _opened);
        if (hasDeadline) Interlocked.Increment(ref _withDeadline);
        var box = _live.GetOrAdd(method, _ => new StrongBox());
        Interlocked.Increment(ref box.Value);
        return new Lease(box);
    }

    internal void CountRefused() => Interlocked.Increment(ref _refused);

    internal void CountCut() => Interlocked.Increment(ref _drainCut);

    /// <summary>Waits until no stream is being served, polling; false if <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForNoneAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var end = DateTime.UtcNow + timeout;
        while (Count > 0)
        {
            if (DateTime.UtcNow >= end) return false;
            await Task.Delay(50, cancellationToken);
        }
        return true;
    }

    public void Dispose() => _meter.Dispose();

    private sealed class StrongBox
    {
        public long Value;
    }

    private sealed class Lease(StrongBox box) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref box.Value);
        }
    }
}
