using System.Diagnostics.Metrics;
using Expotion.ServiceDefaults.Telemetry;

namespace Expotion.Smoothing;

/// <summary>Meter <c>Expotion.Smoothing</c>: a feature frame's arrival to the condition it released being sent, streams resumed.</summary>
public sealed class SmoothingMetrics(IMeterFactory meters)
    : StageMetrics(meters, "smoothing", "A feature frame's arrival to the first condition it released being sent (features → conditions)");
