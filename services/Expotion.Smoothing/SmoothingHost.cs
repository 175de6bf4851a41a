using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;
using Expotion.Smoothing.Core;
using Expotion.Smoothing.Grpc;
using Expotion.ServiceDefaults;
using Expotion.ServiceDefaults.Warmup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Expotion.Smoothing;

/// <summary>Registers and maps the smoothing stage (used by <c>expotion serve smoothing|all</c>).</summary>
public static class SmoothingHost
{
    public static WebApplicationBuilder AddSmoothing(this WebApplicationBuilder builder)
    {
        // One kernel backend per process (the vision stage registers the same one): CUDA when a device opens, the CPU
        // reference otherwise, with one log line saying which device runs what and why. The aligner takes its
        // per-stream resampler and smoother from it.
        builder.Services.AddKernelBackend();
        builder.Services.AddSingleton<IResampler>(sp => sp.GetRequiredService<KernelBackend>().StreamResampler);
        builder.Services.AddSingleton<ISmoother>(sp => sp.GetRequiredService<KernelBackend>().StreamSmoother);
        builder.Services.AddSingleton<SmoothingMetrics>();
        builder.Services.AddSingleton<TimelineAligner>(sp => new TimelineAligner(sp.GetRequiredService<IResampler>(), sp.GetRequiredService<ISmoother>()));
        builder.Services.AddStageWarmup<SmoothingWarmup>();
        return builder;
    }

    public static WebApplication MapSmoothing(this WebApplication app)
    {
        app.Services.GetRequiredService<KernelBackendMeter>();   // select (and log) the kernels at start-up, not at the first stream
        app.MapGrpcService<SmoothingGrpcService>();
        return app;
    }
}
