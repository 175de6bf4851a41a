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

    /// <summary>
    /// A stream's next frame: the flow from the frame given last (to this method, or as <c>next</c> to
    /// <see cref="Compute"/>) to <paramref name="next"/> into <paramref name="flow"/>; false, and nothing written, for the
    /// session's first frame. The same bits as <see cref="Compute"/> with that pair; what the session kept of the last
    /// frame (the CPU session its pyramid) is reused, so <paramref name="next"/>'s buffer may be refilled once this returns.
    /// </summary>
    bool Next(GrayImage next, FlowField flow);
}
