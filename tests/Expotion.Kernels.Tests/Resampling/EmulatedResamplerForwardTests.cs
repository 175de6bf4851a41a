using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;

namespace Expotion.Kernels.Tests.Resampling;

/// <summary>kernels/*.cu compiled by g++ against the CUDA emulation, launched through the C# CUDA path, with the threads of each block in forward order.</summary>
public sealed class EmulatedResamplerForwardTests : ResamplerContract, IDisposable
{
    private readonly CudaResampler _subject = new(GpuFacts.Emulator(EmulatorThreadOrder.Forward, addressSanitizer: false), KernelFloatMode.Exact);

    protected override IBatchResampler Resampler => _subject;

    public void Dispose() => _subject.Dispose();
}
