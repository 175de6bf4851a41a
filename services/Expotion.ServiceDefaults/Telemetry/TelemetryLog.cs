using Microsoft.Extensions.Logging;

namespace Expotion.ServiceDefaults.Telemetry;

internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "OTEL_EXPORTER_OTLP_ENDPOINT '{Endpoint}' is not an http:// or https:// URL: nothing is exported over OTLP")]
    public static partial void MalformedEndpoint(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "OTLP endpoint {Endpoint} is not reachable ({Reason}): the exporter will keep trying; the service runs")]
    public static partial void UnreachableEndpoint(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Telemetry: {What}")]
    public static partial void Exporting(ILogger logger, string what);
}
