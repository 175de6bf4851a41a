using Expotion.Kernels.Cuda;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Tests.Smoothing;

/// <summary>kernels/*.cu compiled by g++ against the CUDA emulation, launched through the C# CUDA path, with the threads of each block in reverse order (a missing barrier shows here).</summary>
public sealed class EmulatedSmootherReverseTests : SmootherContract, IDisposable
{
    private readonly CudaSmoother _subject = new(GpuFacts.Emulator(EmulatorThreadOrder.Reverse, addressSanitizer: false), KernelFloatMode.Exact);

    protected override IBatchSmoother Smoother => _subject;

    public void Dispose() => _subject.Dispose();
}
