using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Flow;

/// <summary>
/// The CUDA twin of <see cref="CpuOpticalFlow"/>: the same pyramidal Lucas–Kanade steps as kernels/flow.cu, launched
/// through the driver API (or the CUDA emulation). Each session keeps its pyramids, scratch planes and flow on the
/// device; a frame pair costs two uploads and two downloads. In <see cref="KernelFloatMode.Exact"/> the flow is
/// bit-identical to the CPU reference. Thread-safe: sessions are independent.
/// </summary>
public sealed class CudaOpticalFlow : IOpticalFlow, IDisposable
{
    public const string FilterRowsKernel = "expotion_flow_filter_rows_f32";
    public const string FilterColsKernel = "expotion_flow_filter_cols_f32";
    public const string GradientKernel = "expotion_flow_gradient_f32";
    public const string TensorInverseKernel = "expotion_flow_tensor_inverse_f32";
    public const string ResidualKernel = "expotion_flow_residual_f32";
    public const string SolveKernel = "expotion_flow_solve_f32";
    public const string UpsampleKernel = "expotion_flow_upsample_f32";

    public CudaOpticalFlow(CudaDevice device, FlowOptions? options = null, KernelFloatMode mode = KernelFloatMode.Fast)
    {
        ArgumentNullException.ThrowIfNull(device);
        Options = options ?? FlowOptions.Default;
        Options.Validate();
        Device = device;
        var module = device.LoadModule(KernelSources.Flow, mode);
        FilterRows = module.GetFunction(FilterRowsKernel);
        FilterCols = module.GetFunction(FilterColsKernel);
        Gradient = module.GetFunction(GradientKernel);
        TensorInverse = module.GetFunction(TensorInverseKernel);
        Residual = module.GetFunction(ResidualKernel);
        Solve = module.GetFunction(SolveKernel);
        Upsample = module.GetFunction(UpsampleKernel);
        // The filter taps, computed by the CPU reference's own code so both sides use the same floats.
        Window = Upload(ImageFilters.GaussianKernel(Options.WindowRadius, Options.WindowSigma));
        Binomial = Upload(ImageFilters.Binomial5);
        if (Options.PreBlurSigma > 0f)
            PreBlur = Upload(ImageFilters.GaussianKernel((int)MathF.Ceiling(2.5f * Options.PreBlurSigma), Options.PreBlurSigma));
    }

    public CudaDevice Device { get; }

    public FlowOptions Options { get; }

    internal CudaFunction FilterRows { get; }
    internal CudaFunction FilterCols { get; }
    internal CudaFunction Gradient { get; }
    internal CudaFunction TensorInverse { get; }
    internal CudaFunction Residual { get; }
    internal CudaFunction Solve { get; }
    internal CudaFunction Upsample { get; }
    internal DeviceBuffer<float> Window { get; }
    internal DeviceBuffer<float> Binomial { get; }
    internal DeviceBuffer<float>? PreBlur { get; }

    public IOpticalFlowSession CreateSession(int width, int height) => new CudaOpticalFlowSession(this, width, height);

    private DeviceBuffer<float> Upload(float[] values)
    {
        var buffer = Device.Allocate<float>(values.Length);
        buffer.CopyFrom(values);
        return buffer;
    }

    public void Dispose()
    {
        Window.Dispose();
        Binomial.Dispose();
        PreBlur?.Dispose();
    }
}
