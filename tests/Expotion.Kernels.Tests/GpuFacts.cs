using System.Collections.Concurrent;
using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Tests;

/// <summary>What this machine has: a CUDA driver and device, NVRTC, and the emulation the test build made.</summary>
internal static class GpuFacts
{
    private static readonly Lazy<(CudaDevice? Device, string Reason)> Gpu = new(() =>
        CudaDevice.TryOpen(0, out var device, out var reason) ? (device, "") : (null, $"no CUDA GPU: {reason}"));

    private static readonly ConcurrentDictionary<(EmulatorThreadOrder, bool), CudaDevice> Emulators = new();

    public static bool HasDriver => Gpu.Value.Device is not null;

    public static string NoDriverReason => Gpu.Value.Reason;

    /// <summary>The GPU (device 0); skips the calling test when there is none.</summary>
    public static CudaDevice RequireGpu()
    {
        Assert.SkipUnless(HasDriver, NoDriverReason);
        return Gpu.Value.Device!;
    }

    public static bool HasNvrtc => NvrtcCompiler.IsAvailable(out _);

    public static string NoNvrtcReason => NvrtcCompiler.IsAvailable(out var reason) ? "" : $"no NVRTC: {reason} (scripts/setup-cuda.sh installs it)";

    /// <summary>The emulation device; the test build always makes it, so its absence fails the test.</summary>
    public static CudaDevice Emulator(EmulatorThreadOrder order, bool addressSanitizer = false) =>
        Emulators.GetOrAdd((order, addressSanitizer), key =>
            CudaDevice.TryOpenEmulator(key.Item1, out var device, out var reason, key.Item2)
                ? device
                : throw new InvalidOperationException($"the CUDA emulation did not open: {reason}"));
}
