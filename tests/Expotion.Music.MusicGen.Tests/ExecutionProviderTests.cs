using Microsoft.ML.OnnxRuntime;

namespace Expotion.Music.MusicGen.Tests;

public sealed class ExecutionProviderTests
{
    [Fact]
    public void CreateOptions_CudaNotRequested_CpuSayingWhy()
    {
        var (options, provider) = ExecutionProvider.CreateOptions(tryCuda: false, threads: 1);
        options.Dispose();
        Assert.Equal("CPU", provider.Name);
        Assert.Contains("not requested", provider.Reason);
    }

    [Fact]
    public void CreateOptions_CudaRequested_CudaOnlyWhenTheRuntimeHasIt()
    {
        var (options, provider) = ExecutionProvider.CreateOptions(tryCuda: true, threads: 1);
        options.Dispose();
        if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            Assert.Equal("CPU", provider.Name);
            Assert.Contains("CPU build", provider.Reason);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(provider.Reason));
        }
    }
}
