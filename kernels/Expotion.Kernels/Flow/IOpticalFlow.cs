namespace Expotion.Kernels.Flow;

/// <summary>
/// Dense optical flow between two gray images. The CPU twin (<see cref="CpuOpticalFlow"/>) is the
/// reference; a CUDA twin implements the same steps on the device. Implementations are thread-safe:
/// all per-stream state (pyramids, scratch, device buffers) lives in the sessions they create.
/// </summary>
public interface IOpticalFlow
{
    FlowOptions Options { get; }

    /// <summary>Allocates the buffers for one stream of <paramref name="width"/> x <paramref name="height"/> images.</summary>
    IOpticalFlowSession CreateSession(int width, int height);
}
