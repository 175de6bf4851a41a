using Microsoft.ML.OnnxRuntime;

namespace Expotion.Vision.Models;

/// <summary>
/// Creates ONNX Runtime sessions: the CUDA execution provider when the loaded ONNX Runtime has it and a device
/// answers, the CPU provider otherwise (the NuGet package referenced here is the CPU build, so CUDA appears
/// only when a GPU build of the native library is deployed in its place).
/// </summary>
public static class OnnxSessionFactory
{
    public static InferenceSession Create(string path, int intraOpThreads = 1, bool tryCuda = true)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (tryCuda && OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            try
            {
                options.AppendExecutionProvider_CUDA();
                UsesCuda = true;
            }
            catch (OnnxRuntimeException)
            {
                // no usable device: stay on the CPU
            }
        }
        try
        {
            return new InferenceSession(path, options);
        }
        finally
        {
            options.Dispose();
        }
    }

    /// <summary>Whether a session was created with the CUDA provider.</summary>
    public static bool UsesCuda { get; private set; }
}
