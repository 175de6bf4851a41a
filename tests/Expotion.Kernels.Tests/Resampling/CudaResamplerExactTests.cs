using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;

namespace Expotion.Kernels.Tests.Resampling;

/// <summary>kernels/*.cu on a real GPU, compiled with --fmad=false: bit-identical to the CPU reference. Skipped without a CUDA driver and device.</summary>
public sealed class CudaResamplerExactTests : ResamplerContract, IDisposable
{
    private CudaResampler? _subject;

    protected override IBatchResampler Resampler => _subject ??= new CudaResampler(GpuFacts.RequireGpu(), KernelFloatMode.Exact);

    public void Dispose() => _subject?.Dispose();
}
