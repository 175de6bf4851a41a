using System.Diagnostics.Metrics;
using Expotion.ServiceDefaults.Telemetry;

namespace Expotion.Vision;

/// <summary>Meter <c>Expotion.Vision</c>: a frame's arrival to its features being sent, live frames dropped, streams resumed.</summary>
public sealed class VisionMetrics(IMeterFactory meters)
    : StageMetrics(meters, "vision", "A video frame's arrival to its features being sent (frame → features)");
