using Expotion.Gateway;
using Expotion.Music;
using Expotion.ServiceDefaults;
using Expotion.Smoothing;
using Expotion.Vision;

namespace Expotion.Hosting;

/// <summary>Builds one ASP.NET Core gRPC host serving the given stages: the same code for `serve` and for the embedded default.</summary>
public static class StageHost
{
    /// <param name="configure">Last changes before the host is built (e.g. a test's log capture).</param>
    public static WebApplication Build(StageRole roles, string urls, string[] args, LogLevel minimumLevel,
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // What the traces and metrics of this host are called (OTEL_SERVICE_NAME, or settings, override it).
        builder.Configuration.AddInMemoryCollection([new("Telemetry:ServiceName", ServiceName(roles))]);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", minimumLevel < LogLevel.Warning ? LogLevel.Warning : minimumLevel);
        builder.Logging.AddFilter("Microsoft.Hosting", minimumLevel);
        builder.AddExpotionDefaults();
        if (roles.HasFlag(StageRole.Vision)) builder.AddVision();
        if (roles.HasFlag(StageRole.Smoothing)) builder.AddSmoothing();
        if (roles.HasFlag(StageRole.Music)) builder.AddMusic();
        if (roles.HasFlag(StageRole.Gateway)) builder.AddGateway();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapExpotionDefaults();
        if (roles.HasFlag(StageRole.Vision)) app.MapVision();
        if (roles.HasFlag(StageRole.Smoothing)) app.MapSmoothing();
        if (roles.HasFlag(StageRole.Music)) app.MapMusic();
        if (roles.HasFlag(StageRole.Gateway)) app.MapGateway();
        return app;
    }

    /// <summary>expotion-vision, expotion-smoothing, expotion-music, expotion-gateway, expotion-stages or expotion-all.</summary>
    public static string ServiceName(StageRole roles) => roles switch
    {
        StageRole.All => "expotion-all",
        StageRole.Stages => "expotion-stages",
        _ => "expotion-" + roles.ToString().ToLowerInvariant().Replace(", ", "-", StringComparison.Ordinal),
    };
}
