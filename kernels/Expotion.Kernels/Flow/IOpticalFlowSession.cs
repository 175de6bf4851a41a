namespace Expotion.Kernels.Flow;

/// <summary>
/// The buffers of one stream's flow, reused from frame pair to frame pair. Not thread-safe: one stream, one caller.
/// </summary>
public interface IOpticalFlowSession : IDisposable
{
    int Width { get; }
    int Height { get; }

    /// <summary>
    /// Computes the flow from <paramref name="previous"/> to <paramref name="next"/> into <paramref name="flow"/>
    /// (all three of the session's size): previous(x, y) ≈ next(x + Dx, y + Dy).
    /// </summary>
    void Compute(GrayImage previous, GrayImage next, FlowField flow);
}
