using Expotion.Client;
using Expotion.Gateway.Grpc;
using Expotion.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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
            return new PipelineComposer(new StageEndpoints(new Uri(o.VisionUrl), new Uri(o.SmoothingUrl), new Uri(o.MusicUrl)),
                sp.GetRequiredService<IOptions<ServiceLimitsOptions>>().Value.MaxMessageBytes);
        });
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapGrpcService<PipelineGrpcService>();
        return app;
    }
}
