using Expotion.Kernels.Cuda;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Tests.Smoothing;

/// <summary>kernels/*.cu on a real GPU, compiled with --fmad=false: bit-identical to the CPU reference. Skipped without a CUDA driver and device.</summary>
public sealed class CudaSmootherExactTests : SmootherContract, IDisposable
{
    private CudaSmoother? _subject;

    protected override IBatchSmoother Smoother => _subject ??= new CudaSmoother(GpuFacts.RequireGpu(), KernelFloatMode.Exact);

    public void Dispose() => _subject?.Dispose();
}
