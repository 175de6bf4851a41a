using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Tests;

/// <summary>Start-up selection: CUDA when a device opens, the CPU reference otherwise, with a log line that says why.</summary>
public sealed class KernelBackendTests
{
    [Fact]
    public void Select_CpuPreference_UsesTheCpuReference()
    {
        string? line = null;
        using var backend = KernelBackend.Select(l => line = l, preference: "cpu");
        Assert.Same(CpuResampler.Instance, backend.Resampler);
        Assert.Same(CpuSmoother.Instance, backend.Smoother);
        Assert.Null(backend.Device);
        Assert.Equal(backend.Description, line);
        Assert.Contains("EXPOTION_KERNELS=cpu", line);
    }

    [Fact]
    public void Select_Automatic_PicksCudaOnlyWithADevice()
    {
        GpuFacts.SkipWhenGpuIsOff();
        string? line = null;
        using var backend = KernelBackend.Select(l => line = l, preference: "");
        if (GpuFacts.HasDriver)
        {
            Assert.IsType<CudaResampler>(backend.Resampler);
            Assert.Contains("CUDA device 0", line);
        }
        else
        {
            Assert.Same(CpuResampler.Instance, backend.Resampler);
            Assert.Contains("CPU reference", line);
            Assert.Matches(GpuFacts.NoDeviceReason, line);
        }
    }
}
