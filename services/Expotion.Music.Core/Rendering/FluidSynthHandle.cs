using Microsoft.Win32.SafeHandles;

namespace Expotion.Music.Core.Rendering;

/// <summary>
/// An owned <c>fluid_synth_t*</c>. A synth reads its settings for its whole life, so the handle holds a
/// reference on them (<see cref="KeepAlive"/>) and releases it after the synth is deleted.
/// </summary>
internal sealed class FluidSynthHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private FluidSettingsHandle? _settings;

    public FluidSynthHandle() : base(ownsHandle: true) { }

    /// <summary>Keeps <paramref name="settings"/> alive until this synth is released.</summary>
    internal void KeepAlive(FluidSettingsHandle settings)
    {
        var added = false;
        settings.DangerousAddRef(ref added);
        if (added) _settings = settings;
    }

    protected override bool ReleaseHandle()
    {
        FluidSynth.DeleteSynth(handle);
        _settings?.DangerousRelease();
        _settings = null;
        return true;
    }
}
