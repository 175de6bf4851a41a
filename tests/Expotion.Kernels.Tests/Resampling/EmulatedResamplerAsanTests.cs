using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;

namespace Expotion.Kernels.Tests.Resampling;

/// <summary>kernels/*.cu compiled by g++ against the CUDA emulation, launched through the C# CUDA path, with AddressSanitizer (an out-of-bounds access fails the launch with its source line).</summary>
public sealed class EmulatedResamplerAsanTests : ResamplerContract, IDisposable
{
    private readonly CudaResampler _subject = new(GpuFacts.Emulator(EmulatorThreadOrder.Forward, addressSanitizer: true), KernelFloatMode.Exact);

    protected override IBatchResampler Resampler => _subject;

    public void Dispose() => _subject.Dispose();
}
