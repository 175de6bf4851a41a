using Expotion.Kernels.Benchmarks;
using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Tests.Benchmarks;

/// <summary>The benchmark and the GPU check program run end to end (tiny sizes; the GPU check on the emulation).</summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public void KernelBenchmark_Tiny_WritesOneRowPerOperation()
    {
        var output = new StringWriter();
        var rows = KernelBenchmark.Run(output, KernelBenchmark.Options.Tiny);
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.True(r.ReferenceMs > 0 && r.ScalarMs > 0 && r.CopyGbPerS > 0));
        Assert.Contains("| gaussian ±3 |", output.ToString());
    }

    [Fact]
    public void GpuCheck_OnTheEmulation_IsBitExactAndRunsTheBandwidthSection()
    {
        var output = new StringWriter();
        var device = GpuFacts.Emulator(EmulatorThreadOrder.Reverse);
        var pass = GpuCheck.Run(device, output, GpuCheck.Options.Tiny, emulator: GpuFacts.Emulator(EmulatorThreadOrder.Forward));
        var text = output.ToString();
        Assert.True(pass, text);
        Assert.Contains("## Bandwidth", text);
        Assert.Contains("Crossover", text);
        Assert.Contains("| optical flow 32x24 | emulation | exact (--fmad=false) | 0 | 0 | yes |", text);
        Assert.Contains("| pool_grid 4x4, 8 bins | emulation |", text);
        Assert.Contains("## Optical flow and frame ops", text);
        Assert.DoesNotContain("**NO**", text);
    }
}
