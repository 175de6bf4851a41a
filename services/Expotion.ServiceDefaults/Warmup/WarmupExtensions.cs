using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Expotion.ServiceDefaults.Warmup;

public static class WarmupExtensions
{
    /// <summary>Adds a stage's warm-up; the first call also adds the service that runs them all before the host listens
    /// (after the hosted services registered before it, e.g. a model or SoundFont load).</summary>
    public static IServiceCollection AddStageWarmup<T>(this IServiceCollection services) where T : class, IStageWarmup
    {
        services.AddOptions<WarmupOptions>().BindConfiguration(WarmupOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStageWarmup, T>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StageWarmupService>());
        return services;
    }
}
