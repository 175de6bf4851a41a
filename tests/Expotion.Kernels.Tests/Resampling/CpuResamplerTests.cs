using Expotion.Kernels.Resampling;

namespace Expotion.Kernels.Tests.Resampling;

/// <summary>The vectorised, parallel CPU reference against the scalar loops and closed forms.</summary>
public sealed class CpuResamplerTests : ResamplerContract
{
    protected override IBatchResampler Resampler => CpuResampler.Instance;
}
