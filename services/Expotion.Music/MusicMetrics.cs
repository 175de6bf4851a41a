using System.Diagnostics.Metrics;
using Expotion.ServiceDefaults.Telemetry;

namespace Expotion.Music;

/// <summary>
/// Meter <c>Expotion.Music</c>: a condition's arrival to the first audio chunk covering it being sent, streams resumed, and each
/// stream's render real-time factor (audio seconds per second the backend spent rendering), labelled by backend.
/// </summary>
public sealed class MusicMetrics : StageMetrics
{
    public MusicMetrics(IMeterFactory meters) : base(meters, "music", "A condition's arrival to the first audio chunk covering it being sent (conditions → audio)")
    {
        RealTimeFactor = Meter.CreateHistogram("expotion.music.render.real_time_factor", "1",
            "Audio seconds rendered per second the backend spent rendering, per stream (above 1: faster than real time)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500] });
    }

    public Histogram<double> RealTimeFactor { get; }
}
