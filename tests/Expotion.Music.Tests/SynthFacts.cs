using Expotion.Music.Core.Rendering;

namespace Expotion.Music.Tests;

/// <summary>Whether this machine can render: libfluidsynth and a SoundFont. Tests that render skip (with the reason) otherwise.</summary>
internal static class SynthFacts
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!FluidSynthLibrary.IsAvailable(out var reason)) return reason;
        return SoundFontLocator.Default.TryLocate(null, out _, out var tried)
            ? null
            : $"no SoundFont found (tried {string.Join(", ", tried)}); {SoundFontLocator.InstallHint}";
    });

    /// <summary>Skips the calling test when rendering is impossible here.</summary>
    public static void RequireSynth()
    {
        if (Missing.Value is { } reason) Assert.Skip(reason);
    }
}
