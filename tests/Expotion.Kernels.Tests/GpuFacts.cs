using System.Collections.Concurrent;
using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Tests;

/// <summary>What this machine has: a CUDA driver and device, NVRTC, and the emulation the test build made.</summary>
internal static class GpuFacts
{
    private static readonly Lazy<(CudaDevice? Device, string Reason)> Gpu = new(() =>
        GpuOff ? (null, "no CUDA GPU: EXPOTION_KERNELS=cpu")
        : CudaDevice.TryOpen(0, out var device, out var reason) ? (device, "") : (null, $"no CUDA GPU: {reason}"));

    private static readonly ConcurrentDictionary<(EmulatorThreadOrder, bool), CudaDevice> Emulators = new();

    public static bool HasDriver => Gpu.Value.Device is not null;

    /// <summary>The run was told not to open the GPU (<see cref="KernelBackend.EnvironmentVariable"/>=cpu).</summary>
    private static bool GpuOff => Environment.GetEnvironmentVariable(KernelBackend.EnvironmentVariable) == "cpu";

    /// <summary>What a reason for "no GPU" names: the driver library that did not load, or the driver call that failed.</summary>
    public const string NoDeviceReason = "libcuda|CUDA_ERROR_";

    // CUDA and AddressSanitizer cannot share a process (seen on an H200): cuInit maps at 0x200000000, inside the range
    // ASan's shadow needs, so ASan aborts when loaded after it and cuInit fails (out of memory) when ASan came first.
    // The GPU is opened first, at load; where it opened, the ASan tests skip and a second run with
    // EXPOTION_KERNELS=cpu runs them (scripts/gpu-check.sh does both).
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void OpenGpuFirst() => _ = Gpu.Value;

    public static string NoDriverReason => Gpu.Value.Reason;

    /// <summary>Skips a test that would open the GPU itself in a run that must not (the ASan pass, see above).</summary>
    public static void SkipWhenGpuIsOff() =>
        Assert.SkipWhen(GpuOff, "EXPOTION_KERNELS=cpu: this run does not open the GPU");

    /// <summary>The GPU (device 0); skips the calling test when there is none.</summary>
    public static CudaDevice RequireGpu()
    {
        Assert.SkipUnless(HasDriver, NoDriverReason);
        return Gpu.Value.Device!;
    }

    public static bool HasNvrtc => NvrtcCompiler.IsAvailable(out _);

    public static string NoNvrtcReason => NvrtcCompiler.IsAvailable(out var reason) ? "" : $"no NVRTC: {reason} (scripts/setup-cuda.sh installs it)";

    /// <summary>The emulation device; the test build always makes it, so its absence fails the test.</summary>
    public static CudaDevice Emulator(EmulatorThreadOrder order, bool addressSanitizer = false)
    {
        Assert.SkipWhen(addressSanitizer && HasDriver,
            "AddressSanitizer and CUDA cannot share a process; run again with EXPOTION_KERNELS=cpu for the ASan tests");
        return Emulators.GetOrAdd((order, addressSanitizer), key =>
            CudaDevice.TryOpenEmulator(key.Item1, out var device, out var reason, key.Item2)
                ? device
                : throw new InvalidOperationException($"the CUDA emulation did not open: {reason}"));
    }
}
