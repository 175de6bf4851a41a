using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Expotion.Kernels.Cuda;

public static class KernelBackendRegistration
{
    /// <summary>
    /// One kernel backend per process, shared by every stage the host serves: CUDA when a device opens, the
    /// CPU reference otherwise, with one log line saying which device runs what and why.
    /// </summary>
    public static IServiceCollection AddKernelBackend(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Expotion.Kernels");
            return KernelBackend.Select(line => logger.LogInformation("{Kernels}", line));
        });
        services.TryAddSingleton(sp => new KernelBackendMeter(sp.GetRequiredService<KernelBackend>()));
        return services;
    }
}
