namespace Expotion.Vision.Core;

/// <summary>
/// The motion feature layout <c>expotion.motion.v1</c>. For each grid cell, row-major, the values
/// <c>cell{r}_{c}.dx</c>, <c>.dy</c>, <c>.mag</c>, <c>.ori{k}</c> (k &lt; OrientationBins), then three globals
/// <c>motion_energy</c>, <c>mean_dx</c>, <c>mean_dy</c>.
/// Units: flow in image widths per second (pixel displacement / analysis width / seconds between the two
/// frames), so the values do not depend on the frame rate or the resolution. <c>.mag</c> and
/// <c>motion_energy</c> are mean flow magnitudes; <c>.ori{k}</c> is the magnitude-weighted orientation
/// histogram divided by the cell's pixel count (bin 0 rightwards, bin bins/4 downwards; the bins of a cell
/// sum to its <c>.mag</c>). A stream's first frame has no predecessor and gets all zeros.
/// </summary>
/// <remarks>
/// Versioning: consumers find values by name through the layout, never by a hard-coded index. Face features
/// (expression probabilities, valence/arousal, a face-present flag) will be appended after these values
/// under a new id (e.g. <c>expotion.motion_face.v2</c>), leaving every index here unchanged.
/// </remarks>
public static class MotionFeatureLayout
{
    public const string Id = "expotion.motion.v1";

    /// <summary>Values per cell: dx, dy, mag and the orientation bins.</summary>
    public static int ValuesPerCell(VisionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return 3 + settings.OrientationBins;
    }

    /// <summary>Index of <c>motion_energy</c>, the first of the three globals after the cells.</summary>
    public static int GlobalsOffset(VisionSettings settings) =>
        settings.GridRows * settings.GridCols * ValuesPerCell(settings);

    public static FeatureLayout Create(VisionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var names = new List<string>(GlobalsOffset(settings) + 3);
        for (var r = 0; r < settings.GridRows; r++)
        {
            for (var c = 0; c < settings.GridCols; c++)
            {
                var cell = $"cell{r}_{c}";
                names.Add($"{cell}.dx");
                names.Add($"{cell}.dy");
                names.Add($"{cell}.mag");
                for (var k = 0; k < settings.OrientationBins; k++)
                    names.Add($"{cell}.ori{k}");
            }
        }
        var energy = names.Count;
        names.Add("motion_energy");
        names.Add("mean_dx");
        names.Add("mean_dy");
        return new FeatureLayout(Id, names, energy);
    }
}
