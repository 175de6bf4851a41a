using Expotion.Vision.Core;

namespace Expotion.Vision.Tests;

public sealed class MotionFeatureLayoutTests
{
    [Fact]
    public void Create_DefaultSettings_NamesCellsRowMajorThenGlobals()
    {
        var layout = MotionFeatureLayout.Create(new VisionSettings());
        Assert.Equal("expotion.motion.v1", layout.Id);
        Assert.Equal(4 * 4 * 11 + 3, layout.Dims);
        Assert.Equal(["cell0_0.dx", "cell0_0.dy", "cell0_0.mag", "cell0_0.ori0"], layout.Names.Take(4));
        Assert.Equal("cell0_0.ori7", layout.Names[10]);
        Assert.Equal("cell0_1.dx", layout.Names[11]);
        Assert.Equal("cell1_0.dx", layout.Names[44]);
        Assert.Equal(["motion_energy", "mean_dx", "mean_dy"], layout.Names.TakeLast(3));
        Assert.Equal("motion_energy", layout.Names[layout.MotionEnergyIndex]);
        Assert.Equal(layout.Names.Count, layout.Names.Distinct().Count());
    }

    [Fact]
    public void Create_OtherGrid_Sizes()
    {
        var layout = MotionFeatureLayout.Create(new VisionSettings(GridCols: 3, GridRows: 2, OrientationBins: 4));
        Assert.Equal(3 * 2 * 7 + 3, layout.Dims);
        Assert.Equal("cell1_2.ori3", layout.Names[^4]);
    }

    [Fact]
    public void Create_InvalidSettings_Throws() =>
        Assert.Equal("orientation_bins", Assert.Throws<InvalidInputException>(() => MotionFeatureLayout.Create(new VisionSettings(OrientationBins: 1))).Field);
}
