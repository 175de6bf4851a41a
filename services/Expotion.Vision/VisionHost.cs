using Expotion.Kernels.Cuda;
using Expotion.Kernels.Flow;
using Expotion.Vision.Core;
using Expotion.Vision.Grpc;
using Expotion.ServiceDefaults;
using Expotion.ServiceDefaults.Warmup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Expotion.Vision;

/// <summary>Registers and maps the vision stage (used by <c>expotion serve vision|all</c>).</summary>
public static class VisionHost
{
    public static WebApplicationBuilder AddVision(this WebApplicationBuilder builder)
    {
        // One kernel backend per process (the smoothing stage registers the same one): CUDA when a device opens,
        // the CPU reference otherwise, with one log line saying which and why. The flow comes from it.
        builder.Services.AddKernelBackend();
        builder.Services.AddSingleton<IOpticalFlow>(sp => sp.GetRequiredService<KernelBackend>().OpticalFlow);
        builder.Services.AddSingleton<FeatureExtractor>();
        builder.Services.AddSingleton<VisionMetrics>();
        builder.Services.AddSingleton<global::Grpc.AspNetCore.Server.Model.IServiceMethodProvider<VisionGrpcService>, VisionMethodProvider>();
        builder.AddVisionPersonFeatures(); // opt-in face/pose features (Vision:PersonFeatures)
        builder.Services.AddStageWarmup<VisionWarmup>();
        return builder;
    }

    public static WebApplication MapVision(this WebApplication app)
    {
        app.Services.GetRequiredService<KernelBackendMeter>();   // select (and log) the kernels at start-up, not at the first stream
        app.MapGrpcService<VisionGrpcService>();
        return app;
    }
}
