using Expotion.Kernels.Flow;
using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;

namespace Expotion.Kernels.Cuda;

/// <summary>
/// Which implementation runs the kernels in this process: the CUDA twins when a CUDA device opens and its modules
/// compile, the CPU reference otherwise. <see cref="Select"/> says which device runs what, and why, in one log line.
/// Services take the interfaces (<see cref="IOpticalFlow"/>, <see cref="IResampler"/>, <see cref="ISmoother"/>, the
/// batched ones) from here and never know which they have.
/// </summary>
public sealed class KernelBackend : IDisposable
{
    /// <summary>Environment variable: "cpu" forces the CPU reference, "cuda" asks for device 0 (the default when present).</summary>
    public const string EnvironmentVariable = "EXPOTION_KERNELS";

    private KernelBackend(IBatchResampler resampler, IBatchSmoother smoother, IOpticalFlow flow, IBatchFrameOps frameOps,
        CudaDevice? device, string description)
    {
        Resampler = resampler;
        Smoother = smoother;
        OpticalFlow = flow;
        FrameOps = frameOps;
        Device = device;
        Description = description;
    }

    public IBatchResampler Resampler { get; }

    public IBatchSmoother Smoother { get; }

    /// <summary>Dense optical flow for the vision stage (sessions keep their buffers on the device on the CUDA path).</summary>
    public IOpticalFlow OpticalFlow { get; }

    /// <summary>Gray conversion + area resize and grid pooling, batched over streams.</summary>
    public IBatchFrameOps FrameOps { get; }

    /// <summary>
    /// The per-stream resampler of the streaming aligner: on CUDA, the whole-stream align_corners runs on the device
    /// and the one-frame lerp on the CPU (see <see cref="CudaResampler"/>).
    /// </summary>
    public IResampler StreamResampler => Resampler as IResampler ?? CpuResampler.Instance;

    /// <summary>
    /// The per-frame smoother of the streaming aligner (one exponential step or one window sum of one stream per call):
    /// always the CPU reference, because one frame of one stream costs less than a launch. Batching the streams of a
    /// tick into <see cref="Smoother"/> is what moves it to the device.
    /// </summary>
    public ISmoother StreamSmoother => CpuSmoother.Instance;

    /// <summary>The CUDA device in use, or null on the CPU path.</summary>
    public CudaDevice? Device { get; }

    /// <summary>"cpu", "cuda" or "emulated" (the CPU emulation of the CUDA path): the label of the kernels' gauge.</summary>
    public string Kind => Device is null ? "cpu" : Device.IsEmulated ? "emulated" : "cuda";

    /// <summary>The start-up log line: which device runs what, and why.</summary>
    public string Description { get; }

    /// <summary>The CPU reference, with <paramref name="reason"/> in its description.</summary>
    public static KernelBackend Cpu(string reason) => new(CpuResampler.Instance, CpuSmoother.Instance, CpuOpticalFlow.Instance, CpuFrameOps.Instance, null,
        $"kernels: resampling, smoothing, optical flow and frame ops run on the CPU reference ({Environment.ProcessorCount} cores, " +
        $"{System.Numerics.Vector<float>.Count}-lane Vector<float>): {reason}");

    /// <summary>Picks the backend (see <see cref="EnvironmentVariable"/>) and passes the log line to <paramref name="log"/>.</summary>
    public static KernelBackend Select(Action<string>? log = null, string? preference = null)
    {
        preference ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        var backend = SelectCore(preference?.Trim().ToLowerInvariant());
        log?.Invoke(backend.Description);
        return backend;
    }

    private static KernelBackend SelectCore(string? preference)
    {
        if (preference == "cpu")
            return Cpu($"{EnvironmentVariable}=cpu");
        if (!CudaDevice.TryOpen(0, out var device, out var reason))
            return Cpu(reason);
        var created = new List<IDisposable>();
        try
        {
            var resampler = Add(new CudaResampler(device));
            var smoother = Add(new CudaSmoother(device));
            var flow = Add(new CudaOpticalFlow(device));
            var frameOps = Add(new CudaFrameOps(device));
            return new KernelBackend(resampler, smoother, flow, frameOps, device,
                $"kernels: CUDA device 0, {device.Description}, PTX from NVRTC {NvrtcCompiler.Version}, runs the optical flow, " +
                "batched resampling, smoothing and frame ops, and the offline align_corners; the streaming aligner's one-frame " +
                "lerp, exponential step and window sum stay on the CPU reference (one frame of one stream costs less than a launch)");
        }
        catch (Exception e) when (e is CudaException or NvrtcException or InvalidOperationException)
        {
            foreach (var d in created) d.Dispose();
            device.Dispose();
            return Cpu($"CUDA device 0 ({device.Name}) opened but its kernels did not load: {e.Message.Split('\n')[0]}");
        }

        T Add<T>(T item) where T : IDisposable
        {
            created.Add(item);
            return item;
        }
    }

    public void Dispose()
    {
        (Resampler as IDisposable)?.Dispose();
        (Smoother as IDisposable)?.Dispose();
        (OpticalFlow as IDisposable)?.Dispose();
        (FrameOps as IDisposable)?.Dispose();
        Device?.Dispose();
    }
}
