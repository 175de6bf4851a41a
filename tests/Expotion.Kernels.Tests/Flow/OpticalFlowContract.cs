using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Tests.Flow;

/// <summary>
/// The test bodies every <see cref="IOpticalFlow"/> twin passes against the CPU reference (<see cref="CpuOpticalFlow"/>):
/// the .cu kernels in emulation (forward order, reverse order, AddressSanitizer) and on a GPU. Bit for bit unless
/// <see cref="Tolerance"/> is set (NVRTC's default FMA contraction). Images are small (64x48 and below) so the
/// emulated runs stay fast.
/// </summary>
public abstract class OpticalFlowContract
{
    /// <summary>Two levels, as in the brief's emulated runs; the default options give three at 64x48.</summary>
    private static readonly FlowOptions TwoLevels = new(MaxLevels: 2, Iterations: 3);

    protected abstract IOpticalFlow CreateFlow(FlowOptions options);

    /// <summary>Null: bit-exact. Otherwise |difference| ≤ tolerance · max(1, |expected|), in pixels.</summary>
    protected virtual double? Tolerance => null;

    private void AssertMatches(FlowField expected, FlowField actual)
    {
        if (Tolerance is { } t)
        {
            FloatAssert.Close(expected.Dx, actual.Dx, t);
            FloatAssert.Close(expected.Dy, actual.Dy, t);
        }
        else
        {
            FloatAssert.BitEqual(expected.Dx, actual.Dx);
            FloatAssert.BitEqual(expected.Dy, actual.Dy);
        }
    }

    private FlowField Compare(FlowOptions options, GrayImage a, GrayImage b)
    {
        var expected = new CpuOpticalFlow(options).Compute(a, b);
        var flow = CreateFlow(options);
        Assert.Equal(options, flow.Options);
        using var session = flow.CreateSession(a.Width, a.Height);
        var actual = FlowImages.RandomField(a.Width, a.Height, 3);   // garbage: every value must be written
        session.Compute(a, b, actual);
        AssertMatches(expected, actual);
        return actual;
    }

    [Fact]
    public void Next_AStreamInOneReusedBuffer_MatchesEachPairComputedAlone()
    {
        // Three frames through one GrayImage that the caller refills after each call (as the vision stage does): the
        // session's own copy of the last frame (the CPU session's pyramid) must be what the next pair starts from.
        var frames = new[] { FlowImages.Texture(64, 48, seed: 4), FlowImages.Texture(64, 48, 1.1f, 0.4f, seed: 4), FlowImages.Texture(64, 48, 2.5f, -0.3f, seed: 4) };
        using var session = CreateFlow(TwoLevels).CreateSession(64, 48);
        var buffer = new GrayImage(64, 48);
        var untouched = FlowImages.RandomField(64, 48, 5);
        var field = FlowImages.RandomField(64, 48, 5);
        frames[0].Pixels.CopyTo(buffer.Pixels, 0);
        Assert.False(session.Next(buffer, field));
        FloatAssert.BitEqual(untouched.Dx, field.Dx);   // the first frame writes nothing
        for (var i = 1; i < frames.Length; i++)
        {
            frames[i].Pixels.CopyTo(buffer.Pixels, 0);
            Assert.True(session.Next(buffer, field));
            AssertMatches(new CpuOpticalFlow(TwoLevels).Compute(frames[i - 1], frames[i]), field);
        }
    }

    [Fact]
    public void Next_AfterCompute_StartsFromThatPairsSecondFrame()
    {
        var (a, b, c) = (FlowImages.Texture(64, 48, seed: 6), FlowImages.Texture(64, 48, 0.8f, 0.2f, seed: 6), FlowImages.Texture(64, 48, 1.6f, 0.5f, seed: 6));
        using var session = CreateFlow(TwoLevels).CreateSession(64, 48);
        var field = new FlowField(64, 48);
        session.Compute(a, b, field);
        Assert.True(session.Next(c, field));
        AssertMatches(new CpuOpticalFlow(TwoLevels).Compute(b, c), field);
    }

    [Fact]
    public void TwoLevels_MatchesCpuReference()
    {
        var flow = Compare(TwoLevels, FlowImages.Texture(64, 48), FlowImages.Texture(64, 48, 1.3f, -0.7f));
        // And it is a flow: the interior mean is near the true shift.
        Assert.InRange(flow.Dx.Average(), 0.9, 1.6);
        Assert.InRange(flow.Dy.Average(), -1.0, -0.4);
    }

    [Fact]
    public void DefaultOptions_ThreeLevels_MatchCpuReference() =>
        Compare(FlowOptions.Default, FlowImages.Texture(64, 48, seed: 2), FlowImages.Texture(64, 48, -2.2f, 0.6f, seed: 2));

    [Fact]
    public void PreBlur_OddSize_MatchesCpuReference() =>
        // Odd sizes: the decimated levels are ⌈w/2⌉ x ⌈h/2⌉ and the last row/column is clamped everywhere.
        Compare(new FlowOptions(MaxLevels: 3, MinLevelSize: 5, Iterations: 2, WindowRadius: 3, WindowSigma: 1.5f, PreBlurSigma: 1f),
            FlowImages.Texture(37, 23, seed: 3), FlowImages.Texture(37, 23, 0.4f, 1.1f, seed: 3));

    [Fact]
    public void OneSession_ManyPairs_MatchesCpuReference()
    {
        var options = TwoLevels;
        var cpu = new CpuOpticalFlow(options);
        using var reference = cpu.CreateSession(48, 32);
        using var session = CreateFlow(options).CreateSession(48, 32);
        var frames = Enumerable.Range(0, 3).Select(i => FlowImages.Texture(48, 32, 0.8f * i, -0.5f * i, seed: 4)).ToArray();
        for (var i = 1; i < frames.Length; i++)
        {
            var (expected, actual) = (new FlowField(48, 32), new FlowField(48, 32));
            reference.Compute(frames[i - 1], frames[i], expected);
            session.Compute(frames[i - 1], frames[i], actual);
            AssertMatches(expected, actual);
        }
    }

    [Fact]
    public void IdenticalFrames_GiveZeroFlow()
    {
        var image = FlowImages.Texture(32, 24, seed: 5);
        using var session = CreateFlow(TwoLevels).CreateSession(32, 24);
        var flow = FlowImages.RandomField(32, 24, 6);
        session.Compute(image, image, flow);
        Assert.All(flow.Dx, v => Assert.Equal(0f, v, 1e-6f));
        Assert.All(flow.Dy, v => Assert.Equal(0f, v, 1e-6f));
    }

    [Fact]
    public void WrongSizes_Throw()
    {
        using var session = CreateFlow(TwoLevels).CreateSession(32, 24);
        Assert.Throws<ArgumentException>(() => session.Compute(new GrayImage(32, 24), new GrayImage(24, 32), new FlowField(32, 24)));
        Assert.Throws<ArgumentException>(() => session.Compute(new GrayImage(32, 24), new GrayImage(32, 24), new FlowField(16, 24)));
    }
}
