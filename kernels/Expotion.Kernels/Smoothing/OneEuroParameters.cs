using System.Runtime.InteropServices;

namespace Expotion.Kernels.Smoothing;

/// <summary>
/// Per-stream settings of the one-euro filter (Casiez et al. 2012). Four floats in this order, as
/// kernels/smooth.cu reads them.
/// </summary>
/// <param name="RateHz">Frame rate of the stream (50 on the token grid).</param>
/// <param name="MinCutoffHz">Cutoff when the signal is still: lower smooths more.</param>
/// <param name="Beta">How fast the cutoff rises with speed: higher lags less on fast motion.</param>
/// <param name="DerivativeCutoffHz">Cutoff of the speed estimate (1 Hz in the paper).</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct OneEuroParameters(float RateHz, float MinCutoffHz, float Beta, float DerivativeCutoffHz = 1f)
{
    internal void Validate(int stream)
    {
        if (!(RateHz > 0f && float.IsFinite(RateHz)) || !(MinCutoffHz > 0f && float.IsFinite(MinCutoffHz))
            || !(Beta >= 0f && float.IsFinite(Beta)) || !(DerivativeCutoffHz > 0f && float.IsFinite(DerivativeCutoffHz)))
            throw new ArgumentOutOfRangeException(nameof(OneEuroParameters), $"stream {stream}: {this} needs positive rate and cutoffs and beta ≥ 0");
    }
}
