using Expotion.Kernels.Batching;
using Expotion.Kernels.Benchmarks;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Tests.Smoothing;

/// <summary>
/// The test bodies every <see cref="IBatchSmoother"/> passes: the CPU reference, the .cu kernels in emulation
/// (forward order, reverse order, AddressSanitizer) and on a GPU. Expected values come from straightforward
/// scalar loops with the same operations (bit for bit unless <see cref="BitExact"/> is false) and from closed forms.
/// </summary>
public abstract class SmootherContract
{
    protected abstract IBatchSmoother Smoother { get; }

    protected virtual bool BitExact => true;

    private void AssertMatches(float[] expected, float[] actual)
    {
        if (BitExact) FloatAssert.BitEqual(expected, actual);
        else FloatAssert.Close(expected, actual, 1e-5);
    }

    private static float[] GaussianWeights(int radius, double sigma) =>
        Enumerable.Range(-radius, 2 * radius + 1).Select(j => (float)Math.Exp(-0.5 * j * j / (sigma * sigma))).ToArray();

    [Theory]
    [InlineData(5, 2.0)]      // within one shared-memory chunk
    [InlineData(40, 12.0)]    // the window spans several chunks
    [InlineData(0, 1.0)]      // identity
    public void Gaussian_MatchesScalarLoop(int radius, double sigma)
    {
        var shape = new BatchShape(5, 70, 45);
        var src = FloatAssert.Random(new Random(radius), shape.Length);
        int[] lengths = [70, 33, 0, 1, 70];     // the last stream full: its last row ends the buffer
        var weights = GaussianWeights(radius, sigma);
        var expected = new float[shape.Length];
        ScalarKernels.Gaussian(src, lengths, shape, weights, expected);
        var actual = FloatAssert.Random(new Random(9), shape.Length);   // garbage: every value must be written
        Smoother.Gaussian(src, lengths, shape, weights, actual);
        AssertMatches(expected, actual);
    }

    [Fact]
    public void Gaussian_ConstantInput_StaysConstantUpToTheEdges()
    {
        var shape = new BatchShape(2, 40, 3);
        var src = Enumerable.Repeat(2.5f, (int)shape.Length).ToArray();
        var dst = new float[shape.Length];
        Smoother.Gaussian(src, [40, 17], shape, GaussianWeights(6, 3), dst);
        FloatAssert.Close(src.AsSpan(0, 40 * 3 + 17 * 3).ToArray(), dst.AsSpan(0, 40 * 3 + 17 * 3).ToArray(), 1e-6);
        Assert.All(dst[(40 * 3 + 17 * 3)..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Gaussian_EvenWindow_Throws() =>
        Assert.Throws<ArgumentException>(() => Smoother.Gaussian(new float[4], [4], new BatchShape(1, 4, 1), [1f, 1f], new float[4]));

    [Fact]
    public void Exponential_MatchesScalarLoop()
    {
        var shape = new BatchShape(3, 90, 70);
        var src = FloatAssert.Random(new Random(4), shape.Length);
        int[] lengths = [2, 0, 90];
        float[] alpha = [1f, 0.5f, 0.3f];
        var expected = new float[shape.Length];
        ScalarKernels.Exponential(src, lengths, shape, alpha, expected);
        var actual = FloatAssert.Random(new Random(8), shape.Length);
        Smoother.Exponential(src, lengths, shape, alpha, actual);
        AssertMatches(expected, actual);
    }

    [Fact]
    public void Exponential_StepResponse_IsOneMinusDecay()
    {
        const int frames = 30;
        const float alpha = 0.25f;
        var src = new float[frames];
        src.AsSpan(1).Fill(1f);
        var dst = new float[frames];
        Smoother.Exponential(src, [frames], new BatchShape(1, frames, 1), [alpha], dst);
        for (var t = 0; t < frames; t++)
            Assert.Equal(1 - Math.Pow(1 - alpha, t), dst[t], 5);
    }

    [Fact]
    public void Exponential_AlphaOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Smoother.Exponential(new float[4], [4], new BatchShape(1, 4, 1), [1.5f], new float[4]));

    [Fact]
    public void ExponentialStep_MatchesScalarLoop()
    {
        const int streams = 9, dims = 33;
        var rng = new Random(6);
        var state = FloatAssert.Random(rng, streams * dims);
        var x = FloatAssert.Random(rng, streams * dims);
        var alpha = Enumerable.Range(0, streams).Select(s => s / (streams - 1f)).ToArray();
        var expected = (float[])state.Clone();
        ScalarKernels.ExponentialStep(expected, x, streams, dims, alpha);
        Smoother.ExponentialStep(state, x, streams, dims, alpha);
        AssertMatches(expected, state);
    }

    [Fact]
    public void OneEuro_MatchesScalarLoop()
    {
        var shape = new BatchShape(3, 80, 37);
        var src = FloatAssert.Random(new Random(5), shape.Length);
        int[] lengths = [41, 0, 80];
        OneEuroParameters[] p = [new(30f, 0.3f, 2f, 2f), new(50f, 1f, 0f), new(50f, 1f, 0.05f)];
        var expected = new float[shape.Length];
        ScalarKernels.OneEuro(src, lengths, shape, p, expected);
        var actual = FloatAssert.Random(new Random(7), shape.Length);
        Smoother.OneEuro(src, lengths, shape, p, actual);
        AssertMatches(expected, actual);
    }

    [Fact]
    public void OneEuro_ConstantInput_IsUnchanged()
    {
        var shape = new BatchShape(1, 25, 4);
        var src = Enumerable.Repeat(-0.75f, (int)shape.Length).ToArray();
        var dst = new float[shape.Length];
        Smoother.OneEuro(src, [25], shape, [new OneEuroParameters(50f, 1f, 0.5f)], dst);
        Assert.Equal(src, dst);
    }

    [Fact]
    public void LengthBeyondFrames_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Smoother.Exponential(new float[4], [5], new BatchShape(1, 4, 1), [0.5f], new float[4]));
}
