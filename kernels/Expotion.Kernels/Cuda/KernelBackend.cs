using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Cuda;

/// <summary>
/// Which implementation runs the batched kernels in this process: the CUDA twins when a CUDA device opens and
/// its modules compile, the CPU reference otherwise. <see cref="Select"/> says which and why in one log line.
/// Services take <see cref="IBatchResampler"/>/<see cref="IBatchSmoother"/> and never know which they have.
/// </summary>
public sealed class KernelBackend : IDisposable
{
    /// <summary>Environment variable: "cpu" forces the CPU reference, "cuda" asks for device 0 (the default when present).</summary>
    public const string EnvironmentVariable = "EXPOTION_KERNELS";

    private KernelBackend(IBatchResampler resampler, IBatchSmoother smoother, CudaDevice? device, string description)
    {
        Resampler = resampler;
        Smoother = smoother;
        Device = device;
        Description = description;
    }

    public IBatchResampler Resampler { get; }

    public IBatchSmoother Smoother { get; }

    /// <summary>The CUDA device in use, or null on the CPU path.</summary>
    public CudaDevice? Device { get; }

    /// <summary>The start-up log line: which device runs what, and why.</summary>
    public string Description { get; }

    /// <summary>The CPU reference, with <paramref name="reason"/> in its description.</summary>
    public static KernelBackend Cpu(string reason) => new(CpuResampler.Instance, CpuSmoother.Instance, null,
        $"kernels: batched resampling and smoothing run on the CPU reference ({Environment.ProcessorCount} cores, " +
        $"{System.Numerics.Vector<float>.Count}-lane Vector<float>): {reason}");

    /// <summary>Picks the backend (see <see cref="EnvironmentVariable"/>) and passes the log line to <paramref name="log"/>.</summary>
    public static KernelBackend Select(Action<string>? log = null, string? preference = null)
    {
        preference ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        var backend = SelectCore(preference?.Trim().ToLowerInvariant());
        log?.Invoke(backend.Description);
        return backend;
    }

    private static KernelBackend SelectCore(string? preference)
    {
        if (preference == "cpu")
            return Cpu($"{EnvironmentVariable}=cpu");
        if (!CudaDevice.TryOpen(0, out var device, out var reason))
            return Cpu(reason);
        try
        {
            var resampler = new CudaResampler(device);
            var smoother = new CudaSmoother(device);
            return new KernelBackend(resampler, smoother, device,
                $"kernels: batched resampling and smoothing run on CUDA device 0, {device.Description}, PTX from NVRTC {NvrtcCompiler.Version}");
        }
        catch (Exception e) when (e is CudaException or NvrtcException or InvalidOperationException)
        {
            device.Dispose();
            return Cpu($"CUDA device 0 ({device.Name}) opened but its kernels did not load: {e.Message.Split('\n')[0]}");
        }
    }

    public void Dispose()
    {
        (Resampler as IDisposable)?.Dispose();
        (Smoother as IDisposable)?.Dispose();
        Device?.Dispose();
    }
}
