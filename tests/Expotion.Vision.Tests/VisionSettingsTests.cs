using Expotion.Vision.Core;

namespace Expotion.Vision.Tests;

public sealed class VisionSettingsTests
{
    [Fact]
    public void Fingerprint_SameSettings_AreEqualAndEverySettingAndTheLayoutChangeIt()
    {
        var state = new VisionSettings().Fingerprint("motion-v1");

        Assert.Equal(state, new VisionSettings().Fingerprint("motion-v1"));
        Assert.All(new[]
        {
            new VisionSettings().Fingerprint("motion-v2"),
            new VisionSettings(AnalysisWidth: 320).Fingerprint("motion-v1"),
            new VisionSettings(GridCols: 5).Fingerprint("motion-v1"),
            new VisionSettings(GridRows: 5).Fingerprint("motion-v1"),
            new VisionSettings(OrientationBins: 12).Fingerprint("motion-v1"),
        }, other => Assert.NotEqual(state, other));
    }
}
