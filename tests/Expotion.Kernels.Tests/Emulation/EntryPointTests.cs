using System.Runtime.InteropServices;
using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Tests.Emulation;

/// <summary>Every kernel of every embedded .cu file is in the emulation (kernels/emulation/emu_kernels.cpp) and in the PTX.</summary>
public sealed unsafe class EntryPointTests
{
    [Fact]
    public void EmbeddedSources_AreTheKernelFiles()
    {
        var names = KernelSources.All.Select(s => s.Name).ToArray();
        Assert.Contains("resample.cu", names);
        Assert.Contains("smooth.cu", names);
        Assert.All(KernelSources.All, s => Assert.NotEmpty(s.EntryPoints));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryEntryPoint_IsRegisteredInTheEmulation(bool asan)
    {
        var api = GpuFacts.Emulator(EmulatorThreadOrder.Forward, asan).Api;
        var registered = Enumerable.Range(0, api.expotion_emu_kernel_count())
            .Select(i => Marshal.PtrToStringUTF8((nint)api.expotion_emu_kernel_name(i))!).ToHashSet();
        foreach (var source in KernelSources.All)
            foreach (var entry in source.EntryPoints)
                Assert.True(registered.Contains(entry), $"{source.Name}: {entry} is not registered in kernels/emulation/emu_kernels.cpp");
    }

    [Fact]
    public void EveryEntryPoint_ResolvesThroughTheModulePath()
    {
        var device = GpuFacts.Emulator(EmulatorThreadOrder.Forward);
        foreach (var source in KernelSources.All)
        {
            var module = device.LoadModule(source);
            foreach (var entry in source.EntryPoints)
                Assert.Equal(entry, module.GetFunction(entry).Name);
        }
    }
}
