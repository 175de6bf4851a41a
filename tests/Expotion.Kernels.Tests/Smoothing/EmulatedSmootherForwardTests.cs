using Expotion.Kernels.Cuda;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Tests.Smoothing;

/// <summary>kernels/*.cu compiled by g++ against the CUDA emulation, launched through the C# CUDA path, with the threads of each block in forward order.</summary>
public sealed class EmulatedSmootherForwardTests : SmootherContract, IDisposable
{
    private readonly CudaSmoother _subject = new(GpuFacts.Emulator(EmulatorThreadOrder.Forward, addressSanitizer: false), KernelFloatMode.Exact);

    protected override IBatchSmoother Smoother => _subject;

    public void Dispose() => _subject.Dispose();
}
