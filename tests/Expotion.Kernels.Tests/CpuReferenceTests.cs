using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Tests;

/// <summary>The vectorised CPU reference against straightforward scalar loops.</summary>
public sealed class CpuReferenceTests
{
    private static float[] RandomVector(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(256)]
    [InlineData(1029)]
    public void Lerp_MatchesScalar(int n)
    {
        var rng = new Random(n);
        var (a, b) = (RandomVector(rng, n), RandomVector(rng, n));
        var dst = new float[n];
        CpuResampler.Instance.Lerp(a, b, 0.37f, dst);
        for (var i = 0; i < n; i++)
            Assert.Equal(a[i] + (b[i] - a[i]) * 0.37f, dst[i]);
    }

    [Fact]
    public void AlignCorners_IdentityWhenSameLength()
    {
        var src = RandomVector(new Random(1), 10 * 3);
        var dst = new float[30];
        CpuResampler.Instance.AlignCorners(src, 10, 3, dst, 10);
        Assert.Equal(src, dst);
    }

    [Fact]
    public void AlignCorners_SingleTarget_TakesFirstFrame()
    {
        var dst = new float[2];
        CpuResampler.Instance.AlignCorners([1f, 2f, 3f, 4f], 2, 2, dst, 1);
        Assert.Equal([1f, 2f], dst);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(300)]
    public void ExponentialStep_MatchesScalar(int n)
    {
        var rng = new Random(n);
        var state = RandomVector(rng, n);
        var expected = (float[])state.Clone();
        var x = RandomVector(rng, n);
        CpuSmoother.Instance.ExponentialStep(state, x, 0.2f);
        for (var i = 0; i < n; i++)
            Assert.Equal(expected[i] + (x[i] - expected[i]) * 0.2f, state[i]);
    }

    [Fact]
    public void WeightedSum_MatchesScalar()
    {
        var rng = new Random(5);
        const int dims = 37, k = 9;
        var window = RandomVector(rng, dims * k);
        var weights = Enumerable.Range(0, k).Select(j => (float)Math.Exp(-0.1 * (j - 4) * (j - 4))).ToArray();
        var dst = new float[dims];
        CpuSmoother.Instance.WeightedSum(window, weights, dims, dst);
        var total = weights.Sum();
        for (var d = 0; d < dims; d++)
        {
            double expected = 0;
            for (var j = 0; j < k; j++) expected += window[j * dims + d] * weights[j] / total;
            Assert.Equal(expected, dst[d], 1e-5);
        }
    }

    [Fact]
    public void WeightedSum_ZeroWeights_Throws()
        => Assert.Throws<ArgumentException>(() => CpuSmoother.Instance.WeightedSum(new float[4], new float[2], 2, new float[2]));
}
