using System.Diagnostics.Metrics;

namespace Expotion.Cli.Bench;

/// <summary>
/// The stages' own instruments, read in this process with a <see cref="MeterListener"/>: each stage's per-frame latency
/// histogram (<c>expotion.&lt;stage&gt;.frame.duration</c>: an input's arrival at the stage to the output depending on it being
/// sent) and the music stage's render real-time factor. They are what <c>/metrics</c> and OTLP export, so the bench and a
/// production dashboard measure the same way. Only stages hosted in this process (the embedded default) are seen.
/// Start it before the streams open: a stage times its inputs only while someone listens.
/// </summary>
internal sealed class StageMeters : IDisposable
{
    public const string RealTimeFactor = "expotion.music.render.real_time_factor";

    /// <summary>The stages whose frame.duration histograms are read, in path order.</summary>
    public static readonly string[] Stages = ["vision", "smoothing", "music", "gateway"];

    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public StageMeters()
    {
        var names = Stages.Select(Instrument).Append(RealTimeFactor).ToHashSet(StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Expotion.", StringComparison.Ordinal) && names.Contains(instrument.Name))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (_lock)
            {
                if (!_values.TryGetValue(instrument.Name, out var list)) _values[instrument.Name] = list = [];
                list.Add(value);
            }
        });
        _listener.Start();
    }

    public static string Instrument(string stage) => $"expotion.{stage}.frame.duration";

    /// <summary>Forgets what was measured so far (between two phases of a bench).</summary>
    public void Reset()
    {
        lock (_lock) _values.Clear();
    }

    /// <summary>A stage's per-frame latencies (ms) since the last reset.</summary>
    public LatencyStats Latency(string stage)
    {
        var stats = new LatencyStats();
        lock (_lock)
            foreach (var seconds in _values.GetValueOrDefault(Instrument(stage)) ?? []) stats.Add(seconds * 1000);
        return stats;
    }

    /// <summary>The mean render real-time factor of the music streams that ended since the last reset; null if none did.</summary>
    public double? MeanRealTimeFactor()
    {
        lock (_lock)
            return _values.GetValueOrDefault(RealTimeFactor) is { Count: > 0 } v ? v.Average() : null;
    }

    public void Dispose() => _listener.Dispose();
}
