using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;

namespace Expotion.Kernels.Tests.Resampling;

/// <summary>kernels/*.cu on a real GPU, compiled with NVRTC's defaults (FMA): within 1e-5 relative of the CPU reference. Skipped without a CUDA driver and device.</summary>
public sealed class CudaResamplerFastTests : ResamplerContract, IDisposable
{
    private CudaResampler? _subject;

    protected override IBatchResampler Resampler => _subject ??= new CudaResampler(GpuFacts.RequireGpu(), KernelFloatMode.Fast);

    protected override bool BitExact => false;

    public void Dispose() => _subject?.Dispose();
}
