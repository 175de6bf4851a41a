using System.Collections.Concurrent;
using System.Diagnostics;

namespace Expotion.Music.Core.Rendering;

/// <summary>
/// A SoundFont file loaded once per process. fluidsynth keeps the sample data of a loaded file in a
/// process-wide cache for as long as some synth holds it, so this object keeps one idle "anchor" synth
/// with the file loaded; every per-stream synth then loads the same file from that cache (tens of
/// milliseconds for FluidR3_GM instead of most of a second).
/// </summary>
public sealed class SoundFont
{
    private static readonly ConcurrentDictionary<string, Lazy<SoundFont>> Loaded = new(StringComparer.Ordinal);

    private readonly FluidSynthHandle _anchor;

    private SoundFont(string path)
    {
        Path = path;
        var clock = Stopwatch.StartNew();
        _anchor = CreateSynth(path, 44100, gain: 0.2f, reverb: false, chorus: false);
        LoadTime = clock.Elapsed;
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>How long the first (uncached) load took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>The process-wide instance for <paramref name="path"/>, loading it on first use.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FluidSynthException">libfluidsynth could not load it.</exception>
    public static SoundFont Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"SoundFont '{full}' does not exist", full);
        var lazy = Loaded.GetOrAdd(full, p => new Lazy<SoundFont>(() => new SoundFont(p)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Loaded.TryRemove(new KeyValuePair<string, Lazy<SoundFont>>(full, lazy));
            throw;
        }
    }

    /// <summary>A new synth at <paramref name="sampleRate"/> with this SoundFont loaded (from the cache).</summary>
    internal FluidSynthHandle CreateSynth(int sampleRate, float gain, bool reverb, bool chorus)
    {
        GC.KeepAlive(_anchor);
        return CreateSynth(Path, sampleRate, gain, reverb, chorus);
    }

    private static FluidSynthHandle CreateSynth(string path, int sampleRate, float gain, bool reverb, bool chorus)
    {
        if (!FluidSynthLibrary.IsAvailable(out var reason))
            throw new FluidSynthException(reason ?? "libfluidsynth is not available");
        FluidSynthLibrary.EnsureLogHook();

        using var settings = FluidSynth.NewSettings();
        if (settings.IsInvalid) throw new FluidSynthException("new_fluid_settings failed");
        Set(settings, "synth.sample-rate", sampleRate);
        Set(settings, "synth.gain", gain);
        SetInt(settings, "synth.reverb.active", reverb ? 1 : 0);
        SetInt(settings, "synth.chorus.active", chorus ? 1 : 0);
        SetInt(settings, "synth.polyphony", 128); // bounds the worst-case cost; the oldest released voices are stolen first
        SetInt(settings, "synth.cpu-cores", 1);
        // Same value for the anchor and every stream: it is part of fluidsynth's sample-cache key.
        SetInt(settings, "synth.lock-memory", 0);
        // One stream owns a synth and calls it from one logical thread at a time.
        FluidSynth.SettingsSetInt(settings, "synth.threadsafe-api", 0);

        var synth = FluidSynth.NewSynth(settings);
        if (synth.IsInvalid)
        {
            synth.Dispose();
            throw new FluidSynthException($"new_fluid_synth failed: {FluidSynthLibrary.TakeLastError()}");
        }
        synth.KeepAlive(settings);

        if (FluidSynth.SfLoad(synth, path, 1) == FluidSynth.Failed)
        {
            var error = FluidSynthLibrary.TakeLastError();
            synth.Dispose();
            throw new FluidSynthException($"fluid_synth_sfload('{path}') failed: {error ?? "not a SoundFont?"}");
        }
        return synth;
    }

    private static void Set(FluidSettingsHandle settings, string name, double value)
    {
        if (FluidSynth.SettingsSetNum(settings, name, value) != FluidSynth.Ok)
            throw new FluidSynthException($"fluid_settings_setnum('{name}', {value}) failed: {FluidSynthLibrary.TakeLastError()}");
    }

    private static void SetInt(FluidSettingsHandle settings, string name, int value)
    {
        if (FluidSynth.SettingsSetInt(settings, name, value) != FluidSynth.Ok)
            throw new FluidSynthException($"fluid_settings_setint('{name}', {value}) failed: {FluidSynthLibrary.TakeLastError()}");
    }
}
