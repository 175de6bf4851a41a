using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Tests.Smoothing;

/// <summary>The vectorised, parallel CPU reference against the scalar loops and closed forms.</summary>
public sealed class CpuSmootherTests : SmootherContract
{
    protected override IBatchSmoother Smoother => CpuSmoother.Instance;
}
