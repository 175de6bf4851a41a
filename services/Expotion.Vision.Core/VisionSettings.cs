using Expotion.Resume;

namespace Expotion.Vision.Core;

/// <summary>Per-stream analysis settings (the client's ExtractConfig after defaults).</summary>
public sealed record VisionSettings(int AnalysisWidth = 160, int GridCols = 4, int GridRows = 4, int OrientationBins = 8)
{
    /// <summary>The resume state of a stream with these settings and feature layout: its features depend on nothing else.</summary>
    public byte[] Fingerprint(string layoutId)
    {
        ArgumentNullException.ThrowIfNull(layoutId);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return ConfigFingerprint.Of("vision", layoutId, AnalysisWidth.ToString(c), GridCols.ToString(c), GridRows.ToString(c), OrientationBins.ToString(c));
    }

    public void Validate()
    {
        if (AnalysisWidth is < 32 or > 1280)
            throw new InvalidInputException("analysis_width", $"{AnalysisWidth} is outside 32..1280");
        if (GridCols is < 1 or > 16 || GridRows is < 1 or > 16)
            throw new InvalidInputException("grid", $"{GridCols}x{GridRows} is outside 1..16 per side");
        if (OrientationBins is < 2 or > 36)
            throw new InvalidInputException("orientation_bins", $"{OrientationBins} is outside 2..36");
    }
}
