using System.Diagnostics.Metrics;
using Expotion.ServiceDefaults.Telemetry;
using Expotion.V1;

namespace Expotion.Gateway;

/// <summary>
/// Meter <c>Expotion.Gateway</c>: a stamped frame's arrival at the gateway to the first audio it influenced leaving it, live
/// frames dropped in front of the pipeline, and what the playing clients report over their socket (<see cref="ClientReport"/>):
/// underruns, skips and capture-to-heard latency.
/// </summary>
public sealed class GatewayMetrics : StageMetrics
{
    public GatewayMetrics(IMeterFactory meters) : base(meters, "gateway", "A stamped frame's arrival at the gateway to the first audio it influenced leaving it (frame → audio)")
    {
        Underruns = Meter.CreateCounter<long>("expotion.client.underruns", "{underrun}", "Times a client's playback buffer ran dry (reported by the client)");
        Skips = Meter.CreateCounter<long>("expotion.client.skips", "{skip}", "Times a client's jitter buffer skipped audio to shrink a standing queue");
        HeardLatency = Meter.CreateHistogram("expotion.client.capture_to_heard.duration", "s",
            "A frame's capture to the audio it influenced being heard, as the client reports it per window (statistic: p50, p99)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    public Counter<long> Underruns { get; }

    public Counter<long> Skips { get; }

    public Histogram<double> HeardLatency { get; }

    /// <summary>A client's report: its counts are totals since the stream started, so only what grew since <paramref name="previous"/> is added.</summary>
    public void Report(ClientReport? previous, ClientReport report)
    {
        var underruns = report.Underruns - (previous?.Underruns ?? 0);
        var skips = report.Skips - (previous?.Skips ?? 0);
        if (underruns > 0) Underruns.Add(underruns);
        if (skips > 0) Skips.Add(skips);
        if (report.CaptureToHeardP50Ms > 0) HeardLatency.Record(report.CaptureToHeardP50Ms / 1000, new KeyValuePair<string, object?>("statistic", "p50"));
        if (report.CaptureToHeardP99Ms > 0) HeardLatency.Record(report.CaptureToHeardP99Ms / 1000, new KeyValuePair<string, object?>("statistic", "p99"));
    }

    /// <summary>An audio chunk on its way out: its frame's time through the gateway, when the frame was stamped there.</summary>
    public void AudioOut(HopTimes? times)
    {
        if (times is { GatewayInUs: > 0, GatewayOutUs: > 0 } t && t.GatewayOutUs >= t.GatewayInUs)
            FrameDuration.Record((t.GatewayOutUs - t.GatewayInUs) / 1e6);
    }
}
