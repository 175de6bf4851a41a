using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;

namespace Expotion.Kernels.Tests.Resampling;

/// <summary>kernels/*.cu compiled by g++ against the CUDA emulation, launched through the C# CUDA path, with the threads of each block in reverse order (a missing barrier shows here).</summary>
public sealed class EmulatedResamplerReverseTests : ResamplerContract, IDisposable
{
    private readonly CudaResampler _subject = new(GpuFacts.Emulator(EmulatorThreadOrder.Reverse, addressSanitizer: false), KernelFloatMode.Exact);

    protected override IBatchResampler Resampler => _subject;

    public void Dispose() => _subject.Dispose();
}
