using Expotion.Kernels.Flow;
using Expotion.Vision.Core;
using Expotion.Vision.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Expotion.Vision;

/// <summary>Registers and maps the vision stage (used by <c>expotion serve vision|all</c>).</summary>
public static class VisionHost
{
    public static WebApplicationBuilder AddVision(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IOpticalFlow>(CpuOpticalFlow.Instance);
        builder.Services.AddSingleton<FeatureExtractor>();
        return builder;
    }

    public static WebApplication MapVision(this WebApplication app)
    {
        app.MapGrpcService<VisionGrpcService>();
        return app;
    }
}
