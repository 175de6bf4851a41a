using Expotion.Kernels.Cuda;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Tests.Smoothing;

/// <summary>kernels/*.cu compiled by g++ against the CUDA emulation, launched through the C# CUDA path, with AddressSanitizer (an out-of-bounds access fails the launch with its source line).</summary>
public sealed class EmulatedSmootherAsanTests : SmootherContract, IDisposable
{
    private readonly CudaSmoother _subject = new(GpuFacts.Emulator(EmulatorThreadOrder.Forward, addressSanitizer: true), KernelFloatMode.Exact);

    protected override IBatchSmoother Smoother => _subject;

    public void Dispose() => _subject.Dispose();
}
