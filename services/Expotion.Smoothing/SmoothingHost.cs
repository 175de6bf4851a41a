using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;
using Expotion.Smoothing.Core;
using Expotion.Smoothing.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Expotion.Smoothing;

/// <summary>Registers and maps the smoothing stage (used by <c>expotion serve smoothing|all</c>).</summary>
public static class SmoothingHost
{
    public static WebApplicationBuilder AddSmoothing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IResampler>(CpuResampler.Instance);
        builder.Services.AddSingleton<ISmoother>(CpuSmoother.Instance);
        builder.Services.AddSingleton<TimelineAligner>(sp => new TimelineAligner(sp.GetRequiredService<IResampler>(), sp.GetRequiredService<ISmoother>()));
        return builder;
    }

    public static WebApplication MapSmoothing(this WebApplication app)
    {
        app.MapGrpcService<SmoothingGrpcService>();
        return app;
    }
}
