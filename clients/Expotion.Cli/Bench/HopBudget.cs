using Expotion.V1;

namespace Expotion.Cli.Bench;

/// <summary>
/// The live path's latency budget hop by hop, read from the stamps (<see cref="HopTimes"/>) that every stage adds and each
/// audio chunk carries back for the newest frame it depends on: measured per chunk, not estimated. All stamps of a run in
/// one process share one clock; with remote stages a hop between two hosts also holds their clock offset. Thread-safe.
/// </summary>
internal sealed class HopBudget
{
    /// <summary>The hops, in path order: name, from, to (null: the chunk's arrival at the client); a stamp of 0 (not stamped) skips the hop.</summary>
    private static readonly (string Name, Func<HopTimes, long> From, Func<HopTimes, long>? To)[] Hops =
    [
        ("capture -> sent", t => t.CaptureUs, t => t.SendUs),
        ("sent -> gateway", t => t.SendUs, t => t.GatewayInUs),
        ("sent/gateway -> vision in", t => t.GatewayInUs != 0 ? t.GatewayInUs : t.SendUs, t => t.VisionInUs),
        ("vision in -> out", t => t.VisionInUs, t => t.VisionOutUs),
        ("vision -> smoothing out", t => t.VisionOutUs, t => t.SmoothingOutUs),
        ("smoothing -> music out", t => t.SmoothingOutUs, t => t.MusicOutUs),
        ("music -> gateway out", t => t.MusicOutUs, t => t.GatewayOutUs),
        ("music/gateway -> client", t => t.GatewayOutUs != 0 ? t.GatewayOutUs : t.MusicOutUs, null),
        ("capture -> client (end to end)", t => t.CaptureUs, null),
    ];

    private readonly LatencyStats[] _stats = [.. Hops.Select(_ => new LatencyStats())];
    private readonly Lock _lock = new();

    /// <summary>Records one chunk's stamps, received at <paramref name="arrivedUs"/> (the client's clock, same unit).</summary>
    public void Add(HopTimes times, long arrivedUs)
    {
        lock (_lock)
        {
            for (var i = 0; i < Hops.Length; i++)
            {
                var (_, from, to) = Hops[i];
                var (a, b) = (from(times), to is null ? arrivedUs : to(times));
                if (a != 0 && b != 0) _stats[i].Add((b - a) / 1000.0);
            }
        }
    }

    /// <summary>One line per hop with samples: p50 / p99 ms.</summary>
    public IReadOnlyList<HopLatency> Summary()
    {
        lock (_lock)
            return [.. Hops.Select((h, i) => new HopLatency(h.Name, _stats[i].Percentile(50), _stats[i].Percentile(99), _stats[i].Percentile(100), _stats[i].Count))
                .Where(h => h.Samples > 0)];
    }
}
