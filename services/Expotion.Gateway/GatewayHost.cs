using Expotion.Composition;
using Expotion.Gateway.Core.Ensemble;
using Expotion.Gateway.Grpc;
using Expotion.Gateway.Live;
using Expotion.ServiceDefaults.Security;
using Expotion.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Gateway;

/// <summary>Registers and maps the gateway (used by <c>expotion serve gateway|all</c>).</summary>
public static class GatewayHost
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var own = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new();
            var security = new ClientSecurity(o.StageToken ?? own.FirstToken(), null,
                o.StageCaPath, o.StageClientCertificatePath, o.StageClientKeyPath);
            return new PipelineComposer(StageEndpoints.Replicated(StageEndpoints.ParseReplicas(o.VisionUrl),
                    StageEndpoints.ParseReplicas(o.SmoothingUrl), StageEndpoints.ParseReplicas(o.MusicUrl)),
                sp.GetRequiredService<IOptions<ServiceLimitsOptions>>().Value.MaxMessageBytes, security);
        });
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton(sp =>
        {
            var ensemble = builder.Configuration.GetSection($"{GatewayOptions.SectionName}:Ensemble").Get<EnsembleOptions>() ?? new();
            return new EnsembleRegistry<Expotion.V1.PerformResponse>(ensemble, ProtoEnsembleFormat.Instance);
        });
        builder.Services.AddSingleton(sp => new EnsembleStream(sp.GetRequiredService<PipelineComposer>(),
            sp.GetRequiredService<EnsembleRegistry<Expotion.V1.PerformResponse>>(), sp.GetRequiredService<GatewayMetrics>()));
        builder.Services.AddSingleton(sp => new PerformSession(sp.GetRequiredService<PipelineComposer>(), sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<EnsembleStream>()));
        builder.Services.AddSingleton<PerformSocket>();
        ListenForBrowsers(builder);
        return builder;
    }

    /// <summary>
    /// Browsers speak HTTP/1.1, so the page and its WebSocket get their own HTTP/1.1 address (<c>Gateway:WebUrl</c>;
    /// default: the first gRPC address with its port + 80, e.g. 5100 → 5180, or port 0 when that is 0; "none" turns it
    /// off), and the gRPC addresses stay HTTP/2 (see <see cref="ListenAddresses"/>). https:// addresses (gRPC or page)
    /// use the certificate in <c>Tls:CertificatePath</c> (see <see cref="TlsOptions"/>).
    /// </summary>
    private static void ListenForBrowsers(WebApplicationBuilder builder)
    {
        var grpcUrls = builder.GrpcAddresses();
        var configured = builder.Configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.WebUrl)}"];
        if (string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase) || (configured is null && grpcUrls.Length == 0)) return;
        var web = configured is { Length: > 0 } ? BindingAddress.Parse(configured)
            : BindingAddress.Parse($"{grpcUrls[0].Scheme}://{grpcUrls[0].Host}:{(grpcUrls[0].Port == 0 ? 0 : grpcUrls[0].Port + 80)}");
        builder.ListenHttp1(web);
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapGrpcService<PipelineGrpcService>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(10) });
        app.Map(PerformSocket.Path, (HttpContext http, PerformSocket socket) => socket.HandleAsync(http));

        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var root = Path.GetFullPath(options.WebRoot ?? Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        if (File.Exists(Path.Combine(root, "index.html")))
        {
            var files = new PhysicalFileProvider(root);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
            });
        }
        else
        {
            GatewayLog.NoPage(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayHost)), root);
            app.MapGet("/", () => Results.Text("The live page is not built here: run scripts/setup-browser.sh, then rebuild (or set Gateway__WebRoot to clients/web/dist).\n"));
        }
        return app;
    }
}
