using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace Expotion.ServiceDefaults.Telemetry;

/// <summary>
/// Meter <c>Expotion.Queues</c>: the gauge <c>expotion.queue.depth</c>, the items waiting in the streams' queues, summed per
/// queue (label <c>expotion.queue</c>: vision.frames, smoothing.features, music.conditions, gateway.frames). Read only when
/// scraped or exported, from the queues' own counts: nothing is counted per item.
/// </summary>
public static class QueueDepths
{
    public const string MeterName = "Expotion.Queues";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<Tracked, byte> Live = new();
    private static readonly ConcurrentDictionary<string, byte> Seen = new(StringComparer.Ordinal);

    static QueueDepths()
    {
        Meter.CreateObservableGauge("expotion.queue.depth", Observe, "{item}", "Items waiting in the streams' queues, by queue");
    }

    /// <summary>Counts <paramref name="reader"/>'s items into <paramref name="queue"/> until the result is disposed.</summary>
    public static IDisposable Track<T>(string queue, ChannelReader<T> reader)
    {
        var tracked = new Tracked(queue, () => reader.CanCount ? reader.Count : 0);
        Seen.TryAdd(queue, 0);
        Live.TryAdd(tracked, 0);
        return tracked;
    }

    /// <summary>Every queue seen since start, 0 when none of its streams is open (so that its series does not go stale).</summary>
    private static IEnumerable<Measurement<long>> Observe()
    {
        var depths = Seen.Keys.ToDictionary(q => q, _ => 0L, StringComparer.Ordinal);
        foreach (var tracked in Live.Keys) depths[tracked.Queue] += tracked.Count();
        return depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("expotion.queue", d.Key)));
    }

    private sealed class Tracked(string queue, Func<int> count) : IDisposable
    {
        public string Queue { get; } = queue;
        public Func<int> Count { get; } = count;
        public void Dispose() => Live.TryRemove(this, out _);
    }
}
