namespace Expotion.ServiceDefaults.Telemetry;

/// <summary>
/// Section "Telemetry": what a host exports. Besides these, the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and the other
/// <c>OTEL_*</c> variables the OpenTelemetry SDK reads) turns on OTLP export of traces, metrics and logs. With neither set,
/// nothing is exported and the meters cost a few counters.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// An HTTP/1.1 address (http://host:port) on which to serve the Prometheus scrape endpoint at <see cref="MetricsPath"/>;
    /// unset = none. On a gateway it may be the page address (<c>Gateway:WebUrl</c>), which then serves both. Like grpc.health,
    /// the endpoint needs no token when auth is on: it holds only counts and durations, labelled by stage, method, backend,
    /// style and kernel backend, never by prompts, tokens or client addresses; bind it to a cluster-internal address.
    /// </summary>
    public string? MetricsUrl { get; set; }

    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>The service.name of what this host exports (<c>OTEL_SERVICE_NAME</c> wins); the composition root sets it from the roles served.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Record spans even with no OTLP endpoint (for an exporter added in code, as the tests do); default: only with one.</summary>
    public bool? Traces { get; set; }
}
