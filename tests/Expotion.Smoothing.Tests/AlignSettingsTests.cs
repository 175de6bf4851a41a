using Expotion.Smoothing.Core;

namespace Expotion.Smoothing.Tests;

public sealed class AlignSettingsTests
{
    private static readonly string[] Names = ["motion_energy", "x"];

    [Fact]
    public void Fingerprint_SameSettingsAndSchema_AreEqualAndEverySettingChangesIt()
    {
        var settings = new AlignSettings(2, SmoothingMode.Centred, 40, 100, 0);
        var state = settings.Fingerprint("schema", Names, 0);

        Assert.Equal(state, new AlignSettings(2, SmoothingMode.Centred, 40, 100, 0).Fingerprint("schema", ["motion_energy", "x"], 0));
        Assert.All(new[]
        {
            settings.Fingerprint("other", Names, 0),
            settings.Fingerprint("schema", ["motion_energy", "y"], 0),
            settings.Fingerprint("schema", Names, 1),
            (settings with { Dims = 3 }).Fingerprint("schema", Names, 0),
            (settings with { Mode = SmoothingMode.Causal }).Fingerprint("schema", Names, 0),
            (settings with { SmoothingMs = 41 }).Fingerprint("schema", Names, 0),
            (settings with { LookaheadMs = 120 }).Fingerprint("schema", Names, 0),
            (settings with { TargetFrames = 500 }).Fingerprint("schema", Names, 0),
        }, other => Assert.NotEqual(state, other));
    }
}
