using System.Runtime.InteropServices;

namespace Expotion.Music.Core.Rendering;

/// <summary>
/// The libfluidsynth (2.x, <c>libfluidsynth.so.3</c>) entry points the renderer uses.
/// Hand-bound: no fluidsynth binding (nor MeltySynth) is on the package mirror.
/// </summary>
internal static partial class FluidSynth
{
    /// <summary>The logical library name; <see cref="FluidSynthLibrary"/> maps it to the platform's file.</summary>
    internal const string Library = "fluidsynth";

    internal const int Ok = 0;
    internal const int Failed = -1;

    /// <summary>fluid_log_level: FLUID_PANIC .. FLUID_DBG.</summary>
    internal const int LogPanic = 0, LogError = 1, LogWarning = 2, LogInfo = 3, LogDebug = 4;

    static FluidSynth() => FluidSynthLibrary.EnsureResolver();

    // void fluid_version(int *major, int *minor, int *micro);
    [LibraryImport(Library, EntryPoint = "fluid_version")]
    internal static partial void Version(out int major, out int minor, out int micro);

    // fluid_log_function_t fluid_set_log_function(int level, fluid_log_function_t fun, void *data);
    // typedef void (*fluid_log_function_t)(int level, const char *message, void *data);
    [LibraryImport(Library, EntryPoint = "fluid_set_log_function")]
    internal static partial nint SetLogFunction(int level, nint function, nint data);

    // fluid_settings_t *new_fluid_settings(void);
    [LibraryImport(Library, EntryPoint = "new_fluid_settings")]
    internal static partial FluidSettingsHandle NewSettings();

    // void delete_fluid_settings(fluid_settings_t *settings);
    [LibraryImport(Library, EntryPoint = "delete_fluid_settings")]
    internal static partial void DeleteSettings(nint settings);

    // int fluid_settings_setnum(fluid_settings_t *settings, const char *name, double val);
    [LibraryImport(Library, EntryPoint = "fluid_settings_setnum", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SettingsSetNum(FluidSettingsHandle settings, string name, double value);

    // int fluid_settings_setint(fluid_settings_t *settings, const char *name, int val);
    [LibraryImport(Library, EntryPoint = "fluid_settings_setint", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SettingsSetInt(FluidSettingsHandle settings, string name, int value);

    // fluid_synth_t *new_fluid_synth(fluid_settings_t *settings);
    [LibraryImport(Library, EntryPoint = "new_fluid_synth")]
    internal static partial FluidSynthHandle NewSynth(FluidSettingsHandle settings);

    // void delete_fluid_synth(fluid_synth_t *synth);
    [LibraryImport(Library, EntryPoint = "delete_fluid_synth")]
    internal static partial void DeleteSynth(nint synth);

    // int fluid_synth_sfload(fluid_synth_t *synth, const char *filename, int reset_presets);
    // Returns the SoundFont id, or FLUID_FAILED.
    [LibraryImport(Library, EntryPoint = "fluid_synth_sfload", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SfLoad(FluidSynthHandle synth, string fileName, int resetPresets);

    // int fluid_synth_noteon(fluid_synth_t *synth, int chan, int key, int vel);
    [LibraryImport(Library, EntryPoint = "fluid_synth_noteon")]
    internal static partial int NoteOn(FluidSynthHandle synth, int channel, int key, int velocity);

    // int fluid_synth_noteoff(fluid_synth_t *synth, int chan, int key);
    [LibraryImport(Library, EntryPoint = "fluid_synth_noteoff")]
    internal static partial int NoteOff(FluidSynthHandle synth, int channel, int key);

    // int fluid_synth_cc(fluid_synth_t *synth, int chan, int ctrl, int val);
    [LibraryImport(Library, EntryPoint = "fluid_synth_cc")]
    internal static partial int ControlChange(FluidSynthHandle synth, int channel, int control, int value);

    // int fluid_synth_program_change(fluid_synth_t *synth, int chan, int program);
    [LibraryImport(Library, EntryPoint = "fluid_synth_program_change")]
    internal static partial int ProgramChange(FluidSynthHandle synth, int channel, int program);

    // int fluid_synth_all_notes_off(fluid_synth_t *synth, int chan);   (chan -1: every channel)
    [LibraryImport(Library, EntryPoint = "fluid_synth_all_notes_off")]
    internal static partial int AllNotesOff(FluidSynthHandle synth, int channel);

    // int fluid_synth_get_active_voice_count(fluid_synth_t *synth);
    [LibraryImport(Library, EntryPoint = "fluid_synth_get_active_voice_count")]
    internal static partial int ActiveVoiceCount(FluidSynthHandle synth);

    // int fluid_synth_write_float(fluid_synth_t *synth, int len,
    //                             void *lout, int loff, int lincr, void *rout, int roff, int rincr);
    [LibraryImport(Library, EntryPoint = "fluid_synth_write_float")]
    internal static unsafe partial int WriteFloat(FluidSynthHandle synth, int length,
        float* left, int leftOffset, int leftIncrement, float* right, int rightOffset, int rightIncrement);
}
