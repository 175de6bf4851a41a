using Expotion.Core;
using Expotion.Resume;

namespace Expotion.Smoothing.Core;

/// <summary>Per-stream alignment settings (the client's AlignConfig after defaults).</summary>
/// <param name="Dims">Values per feature frame.</param>
/// <param name="SmoothingMs">Causal: time constant of the exponential filter. Centred: Gaussian sigma.</param>
/// <param name="LookaheadMs">Centred only: how far ahead the kernel reaches (its truncation); output lags input by this much.</param>
/// <param name="TargetFrames">Offline only: output frame count; 0 = the stream's duration × 50.</param>
public sealed record AlignSettings(int Dims, SmoothingMode Mode, double SmoothingMs = AlignSettings.DefaultSmoothingMs, double LookaheadMs = 0, int TargetFrames = 0)
{
    public const int MaxDims = 8192;

    /// <summary>The smoothing a stream gets when it asks for none (0): short enough that a 1–2-frame strike at 25 fps survives.</summary>
    public const double DefaultSmoothingMs = 20;

    /// <summary>Look-ahead in 50 Hz grid frames (centred mode only; 0 otherwise).</summary>
    public int LookaheadFrames => Mode == SmoothingMode.Centred
        ? (int)Math.Round((LookaheadMs > 0 ? LookaheadMs : 3 * SmoothingMs) / TimeGrid.PeriodMs)
        : 0;

    /// <summary>
    /// The resume state of a stream with these settings over the named feature schema (its id, names and motion-energy
    /// index travel with the conditions): the conditions depend on nothing else.
    /// </summary>
    public byte[] Fingerprint(string schemaId, IEnumerable<string> names, int motionEnergyIndex)
    {
        ArgumentNullException.ThrowIfNull(schemaId);
        ArgumentNullException.ThrowIfNull(names);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return ConfigFingerprint.Of("smoothing", schemaId, Dims.ToString(c), string.Join('\u001f', names), motionEnergyIndex.ToString(c),
            Mode.ToString(), SmoothingMs.ToString("R", c), LookaheadMs.ToString("R", c), TargetFrames.ToString(c));
    }

    public void Validate()
    {
        if (Dims is < 1 or > MaxDims)
            throw new InvalidInputException("schema.dims", $"{Dims} is outside 1..{MaxDims}");
        if (!Enum.IsDefined(Mode))
            throw new InvalidInputException("mode", $"unknown smoothing mode {(int)Mode}");
        if (!double.IsFinite(SmoothingMs) || SmoothingMs < 0 || SmoothingMs > 10_000)
            throw new InvalidInputException("smoothing_ms", $"{SmoothingMs} is outside 0..10000");
        if (!double.IsFinite(LookaheadMs) || LookaheadMs < 0 || LookaheadMs > 5_000)
            throw new InvalidInputException("lookahead_ms", $"{LookaheadMs} is outside 0..5000");
        if (TargetFrames is < 0 or > 10_000_000)
            throw new InvalidInputException("target_frames", $"{TargetFrames} is outside 0..10000000");
    }
}
