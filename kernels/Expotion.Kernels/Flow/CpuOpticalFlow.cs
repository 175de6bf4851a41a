namespace Expotion.Kernels.Flow;

/// <summary>
/// The CPU reference of <see cref="IOpticalFlow"/>: dense pyramidal Lucas–Kanade, hand-written because no
/// optical-flow library is reachable here. Per pyramid level, coarse to fine:
/// <list type="number">
/// <item>gradient ∇I of the first image (5-point differences) and its structure tensor
/// G = Σ_w ∇I∇Iᵀ summed over a Gaussian window w, inverted once as (G + λI)⁻¹;</item>
/// <item>each iteration warps the second image by the current flow u (bilinear), takes the residual
/// r = I₁(x + u) − I₀(x), forms b = ∇I (∇I·u − r) per pixel, sums b over the window and solves
/// u ← (G + λI)⁻¹ (Σ_w b + λu): a Gauss–Newton step of the windowed brightness-constancy energy,
/// linearised around each window pixel's own flow (as Farnebäck's dense variant does), so the field
/// need not be constant inside a window;</item>
/// <item>the result, doubled and upsampled, starts the next finer level.</item>
/// </list>
/// Thread-safe; per-stream buffers live in the sessions.
/// </summary>
public sealed class CpuOpticalFlow : IOpticalFlow
{
    private readonly bool _useAvx2;

    public CpuOpticalFlow(FlowOptions? options = null)
        : this(options, useAvx2: true)
    {
    }

    /// <param name="options">Flow parameters; <see cref="FlowOptions.Default"/> when null.</param>
    /// <param name="useAvx2">False forces the scalar warp, which gives the same bits (for parity tests).</param>
    internal CpuOpticalFlow(FlowOptions? options, bool useAvx2)
    {
        Options = options ?? FlowOptions.Default;
        Options.Validate();
        _useAvx2 = useAvx2;
    }

    public static CpuOpticalFlow Instance { get; } = new();

    public FlowOptions Options { get; }

    public IOpticalFlowSession CreateSession(int width, int height) => new CpuOpticalFlowSession(Options, width, height, _useAvx2);

    /// <summary>Convenience for one pair: allocates a session, computes, returns the flow.</summary>
    public FlowField Compute(GrayImage previous, GrayImage next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        using var session = CreateSession(previous.Width, previous.Height);
        var flow = new FlowField(previous.Width, previous.Height);
        session.Compute(previous, next, flow);
        return flow;
    }
}
