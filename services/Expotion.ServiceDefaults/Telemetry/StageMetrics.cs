using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Expotion.ServiceDefaults.Telemetry;

/// <summary>
/// The figures every stage reports, on its own meter <c>Expotion.&lt;Stage&gt;</c>: how long an input takes to become the
/// output that depends on it (<c>expotion.&lt;stage&gt;.frame.duration</c>, seconds), the inputs dropped under back-pressure and
/// the streams resumed. A stage host derives one class from this and adds what only it knows. Labels are small fixed sets
/// (mode, backend): never a prompt, a token or a caller's address.
/// </summary>
public abstract class StageMetrics
{
    /// <summary>Bucket bounds (seconds) for per-frame latencies: 1 ms to 10 s.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

    protected StageMetrics(IMeterFactory meters, string stage, string frameDuration)
    {
        Stage = stage;
        Meter = meters.Create("Expotion." + char.ToUpperInvariant(stage[0]) + stage[1..]);
        FrameDuration = Meter.CreateHistogram($"expotion.{stage}.frame.duration", "s", frameDuration,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        FramesDropped = Meter.CreateCounter<long>($"expotion.{stage}.frames.dropped", "{frame}",
            "Inputs dropped under back-pressure (a live queue that was full)");
        Resumes = Meter.CreateCounter<long>($"expotion.{stage}.streams.resumed", "{stream}",
            "Streams opened to continue one that failed (config.resume set)");
    }

    /// <summary>"vision", "smoothing", "music" or "gateway".</summary>
    public string Stage { get; }

    public Meter Meter { get; }

    public Histogram<double> FrameDuration { get; }

    public Counter<long> FramesDropped { get; }

    public Counter<long> Resumes { get; }

    /// <summary>
    /// What a stream's hop ledger reports each output's time since its input arrived to (into <see cref="FrameDuration"/>,
    /// with <paramref name="tags"/>); null while nothing listens, so that an unobserved stream keeps nothing.
    /// </summary>
    public Action<TimeSpan>? FrameTimer(params KeyValuePair<string, object?>[] tags)
    {
        if (!FrameDuration.Enabled) return null;
        var list = new TagList(tags);
        return elapsed => FrameDuration.Record(elapsed.TotalSeconds, list);
    }

    /// <summary>Tags the span of the call being served (no-op when nothing records spans).</summary>
    public static void Tag(string key, object? value) => Activity.Current?.SetTag(key, value);
}
