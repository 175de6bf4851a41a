using Microsoft.Win32.SafeHandles;

namespace Expotion.Music.Core.Rendering;

/// <summary>An owned <c>fluid_settings_t*</c>.</summary>
internal sealed class FluidSettingsHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public FluidSettingsHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        FluidSynth.DeleteSettings(handle);
        return true;
    }
}
