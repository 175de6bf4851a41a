using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Expotion.ServiceDefaults.Scheduling;
using Expotion.ServiceDefaults.Security;
using Expotion.ServiceDefaults.Telemetry;

namespace Expotion.ServiceDefaults;

/// <summary>
/// What every Expotion gRPC host shares: HTTP/2, TLS and the token check (Security/), limits, error mapping,
/// health and reflection, OpenTelemetry (Telemetry/), the threads' CPU priority (Scheduling/), a live-stream count (<see cref="LiveStreams"/>) and a graceful stop
/// (<see cref="ShutdownDrain"/>, section "Shutdown"). Interceptors run in this order: auth (Unauthenticated),
/// the per-client stream limit (ResourceExhausted), the mapping of domain exceptions to statuses, then the
/// live-stream count (whose Unavailable at shutdown passes through the mapping).
/// </summary>
public static class ExpotionDefaults
{
    public static WebApplicationBuilder AddExpotionDefaults(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(ServiceLimitsOptions.SectionName).Get<ServiceLimitsOptions>() ?? new();
        builder.Services.AddOptions<ServiceLimitsOptions>().BindConfiguration(ServiceLimitsOptions.SectionName);
        var shutdown = builder.Configuration.GetSection(ShutdownOptions.SectionName).Get<ShutdownOptions>() ?? new();
        builder.Services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownDrain.HostShutdownTimeout(shutdown));
        builder.Services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.SectionName);
        builder.Services.AddHostedService<SchedulingService>();   // first: the warm-up and every later thread inherit it
        builder.Services.AddSingleton<LiveStreams>();
        builder.Services.AddSingleton<ShutdownDrain>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        // Endpoints speak HTTP/2 only: plain-text ones as h2c (there is no TLS to negotiate it), https:// ones by ALPN.
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(o => o.Protocols = HttpProtocols.Http2));
        builder.AddExpotionSecurity();
        ListenAddresses.Configure(builder);
        builder.AddExpotionTelemetry();
        builder.Services.AddSingleton<ClientStreamCounter>();
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = limits.MaxMessageBytes;
            o.MaxSendMessageSize = limits.MaxMessageBytes;
            o.EnableDetailedErrors = builder.Environment.IsDevelopment();
            o.Interceptors.Add<AuthInterceptor>();
            o.Interceptors.Add<StreamLimitInterceptor>();
            o.Interceptors.Add<ExceptionMappingInterceptor>();
            o.Interceptors.Add<LiveStreamInterceptor>();   // inside the mapping: its Unavailable passes through it
        });
        // grpc.health.v1 reports the ASP.NET Core health checks; with none registered it would say UNKNOWN.
        builder.Services.AddGrpcHealthChecks().AddCheck<LifetimeHealthCheck>("lifetime");
        builder.Services.AddGrpcReflection();
        return builder;
    }

    public static WebApplication MapExpotionDefaults(this WebApplication app)
    {
        app.LogExpotionSecurity();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapExpotionTelemetry();
        return app;
    }

    /// <summary>The limits in force (for adapters that size their queues).</summary>
    public static ServiceLimitsOptions Limits(this IServiceProvider services) => services.GetRequiredService<IOptions<ServiceLimitsOptions>>().Value;
}
