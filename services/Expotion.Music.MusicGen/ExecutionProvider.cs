using Microsoft.ML.OnnxRuntime;

namespace Expotion.Music.MusicGen;

/// <summary>
/// Which ONNX Runtime execution provider the sessions run on, and why: CUDA when the loaded native library has it and a
/// device takes it (the Microsoft.ML.OnnxRuntime package referenced here is the CPU build, so CUDA appears only when a GPU
/// build of onnxruntime is deployed in its place, as for Expotion.Vision.Models), the CPU otherwise.
/// </summary>
/// <param name="Name">"CUDA" or "CPU".</param>
/// <param name="Reason">One sentence for the log.</param>
public sealed record ExecutionProvider(string Name, string Reason)
{
    public bool IsCuda => Name == "CUDA";

    /// <summary>Session options for <paramref name="threads"/> intra-op threads (0 = ORT's default) on the chosen provider.</summary>
    public static (SessionOptions Options, ExecutionProvider Provider) CreateOptions(bool tryCuda, int threads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (threads > 0) options.IntraOpNumThreads = threads;
        if (!tryCuda)
            return (options, new ExecutionProvider("CPU", "CUDA not requested (Music:MusicGen:TryCuda = false)"));
        if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
            return (options, new ExecutionProvider("CPU", "the loaded ONNX Runtime is a CPU build (no CUDAExecutionProvider)"));
        try
        {
            options.AppendExecutionProvider_CUDA();
            return (options, new ExecutionProvider("CUDA", "CUDAExecutionProvider is available and device 0 accepted it"));
        }
        catch (OnnxRuntimeException ex)
        {
            return (options, new ExecutionProvider("CPU", $"CUDAExecutionProvider failed to start: {ex.Message}"));
        }
    }
}
