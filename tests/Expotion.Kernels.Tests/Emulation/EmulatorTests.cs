using Expotion.Kernels.Cuda;
using Expotion.Kernels.Interop;

namespace Expotion.Kernels.Tests.Emulation;

/// <summary>
/// The CUDA-on-CPU emulation catches what it is for, on its own test kernels (kernels/emulation/selftest.cu),
/// launched through the same C# path as the real kernels: barriers and warp shuffles really synchronise, a
/// missing barrier fails in one thread order, an out-of-bounds read is reported at its line, a divergent
/// barrier fails the launch.
/// </summary>
public sealed unsafe class EmulatorTests
{
    private static readonly KernelSource SelfTest = LoadSelfTest();

    private static KernelSource LoadSelfTest()
    {
        using var stream = typeof(EmulatorTests).Assembly.GetManifestResourceStream("kernels/emulation/selftest.cu")!;
        return new KernelSource("selftest.cu", new StreamReader(stream).ReadToEnd());
    }

    private delegate void Launcher();

    private static CudaException Failure(Launcher launch)
    {
        try
        {
            launch();
        }
        catch (CudaException e)
        {
            return e;
        }
        Assert.Fail("the launch succeeded");
        return null!;
    }

    private static CudaFunction Function(CudaDevice device, string name) => device.LoadModule(SelfTest, KernelFloatMode.Exact).GetFunction(name);

    [Theory]
    [InlineData(EmulatorThreadOrder.Forward, false)]
    [InlineData(EmulatorThreadOrder.Reverse, false)]
    [InlineData(EmulatorThreadOrder.Forward, true)]
    public void Reduce_SharedMemoryShufflesAndAtomics_SumEveryBlock(EmulatorThreadOrder order, bool asan)
    {
        var device = GpuFacts.Emulator(order, asan);
        const int blocks = 37, n = 1000;
        var input = new float[blocks * n];
        for (var i = 0; i < input.Length; i++) input[i] = i % 7;          // small integers: every order sums exactly
        using var din = device.Allocate<float>(input.Length);
        using var dout = device.Allocate<float>(blocks);
        using var dtotal = device.Allocate<float>(1);
        din.CopyFrom(input);
        dtotal.CopyFrom([0f]);
        ulong a = din.Pointer, b = dout.Pointer, c = dtotal.Pointer;
        var count = n;
        var args = stackalloc void*[] { &a, &b, &c, &count };
        Function(device, "expotion_selftest_reduce_f32").Launch(blocks, 256, null, args);
        var sums = new float[blocks];
        dout.CopyTo(sums);
        var total = new float[1];
        dtotal.CopyTo(total);
        for (var blk = 0; blk < blocks; blk++)
            Assert.Equal(input.AsSpan(blk * n, n).ToArray().Sum(), sums[blk]);
        Assert.Equal(input.Sum(), total[0]);
    }

    [Theory]
    [InlineData("expotion_selftest_shift_f32", EmulatorThreadOrder.Forward, true)]
    [InlineData("expotion_selftest_shift_f32", EmulatorThreadOrder.Reverse, true)]
    [InlineData("expotion_selftest_shift_nobarrier_f32", EmulatorThreadOrder.Forward, true)]
    [InlineData("expotion_selftest_shift_nobarrier_f32", EmulatorThreadOrder.Reverse, false)]
    public void MissingBarrier_PassesForward_FailsReverse(string kernel, EmulatorThreadOrder order, bool correct)
    {
        var device = GpuFacts.Emulator(order);
        const int blocks = 3, threads = 256;
        var input = Enumerable.Range(0, blocks * threads).Select(i => (float)i).ToArray();
        using var din = device.Allocate<float>(input.Length);
        using var dout = device.Allocate<float>(input.Length);
        din.CopyFrom(input);
        ulong a = din.Pointer, b = dout.Pointer;
        var args = stackalloc void*[] { &a, &b };
        Function(device, kernel).Launch(blocks, threads, null, args);
        var output = new float[input.Length];
        dout.CopyTo(output);
        var expected = input.Select((v, i) => i % threads == 0 ? v : v - 1).ToArray();
        Assert.Equal(correct, expected.SequenceEqual(output));
    }

    [Fact]
    public void OutOfBoundsRead_UnderAddressSanitizer_FailsWithTheSourceLine()
    {
        var device = GpuFacts.Emulator(EmulatorThreadOrder.Forward, addressSanitizer: true);
        Assert.True(device.IsAddressSanitized);
        const int n = 300;
        using var din = device.Allocate<float>(n);
        using var dout = device.Allocate<float>(n);
        ulong a = din.Pointer, b = dout.Pointer;
        var count = n;
        var function = Function(device, "expotion_selftest_overread_f32");
        var args = stackalloc void*[] { &a, &b, &count };
        var e = Failure(() => function.Launch(2, 256, null, args));
        Assert.Equal(CuResult.IllegalAddress, e.Result);
        Assert.Contains("AddressSanitizer", e.Message);
        Assert.Matches(@"selftest\.cu:\d+", e.Detail);
        Assert.Contains("cuLaunchKernel(expotion_selftest_overread_f32", e.Call);

        // The device is still usable after the report.
        Reduce_SharedMemoryShufflesAndAtomics_SumEveryBlock(EmulatorThreadOrder.Forward, true);
    }

    [Fact]
    public void DivergentSyncthreads_FailsTheLaunchNamingBothLines()
    {
        var device = GpuFacts.Emulator(EmulatorThreadOrder.Forward);
        using var dout = device.Allocate<float>(64);
        ulong a = dout.Pointer;
        var function = Function(device, "expotion_selftest_divergent_f32");
        var args = stackalloc void*[] { &a };
        var e = Failure(() => function.Launch(1, 64, null, args));
        Assert.Equal(CuResult.LaunchFailed, e.Result);
        Assert.Matches(@"divergent __syncthreads.*selftest\.cu:\d+ and selftest\.cu:\d+", e.Detail);
    }

    [Fact]
    public void UnknownKernel_IsNotFound()
    {
        var device = GpuFacts.Emulator(EmulatorThreadOrder.Forward);
        var e = Assert.Throws<CudaException>(() => device.LoadModule(KernelSources.Resample).GetFunction("expotion_no_such_kernel"));
        Assert.Equal(CuResult.NotFound, e.Result);
        Assert.Contains("CUDA_ERROR_NOT_FOUND", e.Message);
    }

    [Fact]
    public void Device_DescribesItself()
    {
        var forward = GpuFacts.Emulator(EmulatorThreadOrder.Forward);
        var reverse = GpuFacts.Emulator(EmulatorThreadOrder.Reverse);
        Assert.True(forward.IsEmulated);
        Assert.False(forward.IsAddressSanitized);
        Assert.Contains("forward", forward.Name);
        Assert.Contains("reverse", reverse.Name);
    }
}
