using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;
using Expotion.Smoothing.Core;
using Expotion.Smoothing.Grpc;
using Expotion.ServiceDefaults;
using Expotion.ServiceDefaults.Warmup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        if (SmoothingBatchingSetting.Parse(builder.Configuration[SmoothingBatchingSetting.Key]) == SmoothingBatching.Tick)
        {
            // All live streams of the process per 20 ms tick, batched on the kernel backend (exact-mode twins on CUDA).
            builder.Services.AddSingleton(sp =>
            {
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Expotion.Smoothing");
                return SmoothingTicker.For(sp.GetRequiredService<KernelBackend>(), reason => SmoothingLog.TickerFellBack(logger, reason));
            });
            builder.Services.AddSingleton<IStreamAligner>(sp => new TickAligner(sp.GetRequiredService<SmoothingTicker>(), sp.GetRequiredService<TimelineAligner>()));
        }
        else
        {
            builder.Services.AddSingleton<IStreamAligner>(sp => sp.GetRequiredService<TimelineAligner>());
        }
        builder.Services.AddStageWarmup<SmoothingWarmup>();
        return builder;
    }

    public static WebApplication MapSmoothing(this WebApplication app)
    {
        app.Services.GetRequiredService<KernelBackendMeter>();   // select (and log) the kernels at start-up, not at the first stream
        if (app.Services.GetService<SmoothingTicker>() is { } ticker)
            SmoothingLog.Batching(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Expotion.Smoothing"), ticker.Description);
        app.MapGrpcService<SmoothingGrpcService>();
        return app;
    }
}
