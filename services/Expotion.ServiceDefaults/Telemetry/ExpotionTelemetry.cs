using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Expotion.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry for every Expotion host, in one call (eShop's ServiceDefaults shape). Traces: one span per gRPC call served
/// (ASP.NET Core) and made (Grpc.Net.Client), the W3C trace context carried in the call's metadata (the <c>traceparent</c>
/// header), so a performance through the gateway is one trace with a span per stage, and a stage started separately joins its
/// caller's trace. Metrics: every meter named <c>Expotion.*</c> plus ASP.NET Core's request meter. Logs: every line carries
/// the trace and span ids of the call it was written in. Export: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (a
/// malformed or unreachable one: one warning, the host runs); a Prometheus scrape endpoint when <c>Telemetry:MetricsUrl</c>
/// is; with neither, no SDK is started and the instruments stay unobserved (a few counters).
/// </summary>
public static class ExpotionTelemetry
{
    /// <summary>The meters of Expotion components: <c>Expotion.Streams</c>, <c>Expotion.Vision</c>, ...</summary>
    public const string MeterPattern = "Expotion.*";

    /// <summary>Spans of Expotion's own (beside the framework's server and client spans).</summary>
    public const string ActivitySourceName = "Expotion";

    internal static void AddExpotionTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        var otlp = OtlpEndpoint.Parse(builder.Configuration[OtlpEndpoint.Variable]);
        builder.Services.AddSingleton(otlp);
        builder.Services.AddHostedService<OtlpEndpointCheck>();
        // Logs carry the ids of the span they were written in (console scopes; the OTLP records by themselves).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var prometheus = !string.IsNullOrWhiteSpace(options.MetricsUrl);
        if (prometheus) builder.ListenHttp1(BindingAddress.Parse(options.MetricsUrl!.Trim()));
        var traces = options.Traces ?? otlp.Usable;
        var metrics = otlp.Usable || prometheus;
        if (!traces && !metrics) return;

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? options.ServiceName ?? "expotion"));
        if (traces)
            otel.WithTracing(t =>
            {
                t.AddSource(ActivitySourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsPlumbing(http.Request.Path, options.MetricsPath))
                    .AddGrpcClientInstrumentation();
                if (otlp.Usable) t.AddOtlpExporter();
            });
        if (metrics)
            otel.WithMetrics(m =>
            {
                // ASP.NET Core's request meter (http.server.request.duration, http.server.active_requests), not Kestrel's
                // connection meter, whose labels would carry the peers' addresses.
                m.AddMeter(MeterPattern, "Microsoft.AspNetCore.Hosting");
                if (otlp.Usable) m.AddOtlpExporter();
                if (prometheus) m.AddPrometheusExporter();
            });
        if (otlp.Usable)
            otel.WithLogging(l => l.AddOtlpExporter(), o => { o.IncludeFormattedMessage = true; o.IncludeScopes = true; });
    }

    internal static void MapExpotionTelemetry(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new();
        if (!string.IsNullOrWhiteSpace(options.MetricsUrl)) app.MapPrometheusScrapingEndpoint(options.MetricsPath);
    }

    /// <summary>Health probes and scrapes: answered often, never part of a performance's trace.</summary>
    private static bool IsPlumbing(PathString path, string metricsPath) =>
        path.StartsWithSegments("/grpc.health.v1") || path.StartsWithSegments("/grpc.reflection") || path.StartsWithSegments(metricsPath);
}
