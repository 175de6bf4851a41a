using Expotion.Kernels.Cuda;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Tests.Smoothing;

/// <summary>kernels/*.cu on a real GPU, compiled with NVRTC's defaults (FMA): within 1e-5 relative of the CPU reference. Skipped without a CUDA driver and device.</summary>
public sealed class CudaSmootherFastTests : SmootherContract, IDisposable
{
    private CudaSmoother? _subject;

    protected override IBatchSmoother Smoother => _subject ??= new CudaSmoother(GpuFacts.RequireGpu(), KernelFloatMode.Fast);

    protected override bool BitExact => false;

    public void Dispose() => _subject?.Dispose();
}
