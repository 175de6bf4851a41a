namespace Expotion.Music.Core.Conductor;

/// <summary>Options of the conductor backend (bound from the "Conductor" configuration section by the host).</summary>
public sealed class ConductorOptions
{
    public const string SectionName = "Conductor";

    /// <summary>An .sf2/.sf3 file; when empty, <see cref="Rendering.SoundFontLocator"/> looks for one.</summary>
    public string? SoundFontPath { get; set; }

    /// <summary>fluidsynth master gain before the soft clipper.</summary>
    public float Gain { get; set; } = 0.9f;

    /// <summary>Run fluidsynth's reverb (on by default; costs roughly a tenth of the render time).</summary>
    public bool Reverb { get; set; } = true;

    /// <summary>Run fluidsynth's chorus (off by default).</summary>
    public bool Chorus { get; set; }
}
