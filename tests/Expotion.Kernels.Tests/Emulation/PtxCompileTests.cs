using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Tests.Emulation;

/// <summary>
/// Every embedded kernel compiles to PTX with NVRTC (Debian non-free's libnvrtc here; CUDA 13's on a GPU
/// machine) for compute_80 and compute_90, in both float modes, with an empty compiler log, and every
/// extern "C" kernel of the source is an .entry of the PTX. Skipped only when NVRTC is not installed.
/// </summary>
public sealed class PtxCompileTests
{
    public static TheoryData<string, int, KernelFloatMode> Cases()
    {
        var data = new TheoryData<string, int, KernelFloatMode>();
        foreach (var source in KernelSources.All)
            foreach (var arch in new[] { 80, 90 })
                foreach (var mode in new[] { KernelFloatMode.Fast, KernelFloatMode.Exact })
                    data.Add(source.Name, arch, mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Source_CompilesToPtx_WithoutWarnings_DeclaringEveryEntry(string name, int arch, KernelFloatMode mode)
    {
        Assert.SkipUnless(GpuFacts.HasNvrtc, GpuFacts.NoNvrtcReason);
        var source = KernelSources.Get(name);
        var ptx = NvrtcCompiler.Compile(source, arch, mode);
        Assert.Equal("", ptx.Log);
        Assert.Contains($".target sm_{arch}", ptx.Ptx);
        foreach (var entry in source.EntryPoints)
            Assert.True(ptx.DeclaresEntry(entry), $"{name}: no .entry {entry} in the PTX");
        var entries = System.Text.RegularExpressions.Regex.Matches(ptx.Ptx, @"\.entry\s+(\w+)").Select(m => m.Groups[1].Value);
        Assert.Equal(source.EntryPoints.Order(), entries.Order());
    }

    [Fact]
    public void ExactMode_PassesFmadFalse_AndFastModeDoesNot()
    {
        Assert.SkipUnless(GpuFacts.HasNvrtc, GpuFacts.NoNvrtcReason);
        Assert.Contains("--fmad=false", NvrtcCompiler.Compile(KernelSources.Smooth, 80, KernelFloatMode.Exact).Options);
        Assert.DoesNotContain("--fmad=false", NvrtcCompiler.Compile(KernelSources.Smooth, 80, KernelFloatMode.Fast).Options);
        // FMA contraction shows in the PTX of the fast build only.
        Assert.DoesNotContain("fma.rn.f32", NvrtcCompiler.Compile(KernelSources.Smooth, 80, KernelFloatMode.Exact).Ptx);
    }

    [Fact]
    public void CompileError_CarriesTheLog()
    {
        Assert.SkipUnless(GpuFacts.HasNvrtc, GpuFacts.NoNvrtcReason);
        var broken = new KernelSource("broken.cu", "extern \"C\" __global__ void k(float* p) { p[0] = undeclared; }");
        var e = Assert.Throws<NvrtcException>(() => NvrtcCompiler.Compile(broken, 80, KernelFloatMode.Fast));
        Assert.Contains("undeclared", e.Log);
        Assert.Contains("broken.cu", e.Message);
    }

    [Fact]
    public void SupportedArchitectures_IncludeAmpereAndHopper()
    {
        Assert.SkipUnless(GpuFacts.HasNvrtc, GpuFacts.NoNvrtcReason);
        Assert.Contains(80, NvrtcCompiler.SupportedArchitectures);
        Assert.Contains(90, NvrtcCompiler.SupportedArchitectures);
        Assert.Equal(90, NvrtcCompiler.ArchitectureFor(90));
        Assert.Equal(80, NvrtcCompiler.ArchitectureFor(85));   // no sm_85: the highest below it
    }
}
