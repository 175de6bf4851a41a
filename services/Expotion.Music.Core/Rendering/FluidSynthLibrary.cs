using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Expotion.Music.Core.Rendering;

/// <summary>
/// Finds libfluidsynth on this machine (versioned Linux name first) and routes its log lines, so that a
/// failed call can say why. <see cref="IsAvailable"/> never throws: a machine without the library just
/// cannot use the conductor.
/// </summary>
public static class FluidSynthLibrary
{
    /// <summary>File names probed for the library, in order.</summary>
    public static IReadOnlyList<string> Candidates { get; } =
    [
        "libfluidsynth.so.3", "libfluidsynth.so.2", "libfluidsynth.so",
        "libfluidsynth.3.dylib", "libfluidsynth.dylib", "libfluidsynth-3.dll", "fluidsynth.dll",
    ];

    /// <summary>The Debian package that provides the library.</summary>
    public const string DebianPackage = "libfluidsynth3";

    private static readonly object Gate = new();
    private static bool _resolverSet;
    private static nint _library;
    private static string? _loadError;
    private static bool _logHooked;

    [ThreadStatic] private static string? _lastError;

    /// <summary>Whether libfluidsynth can be loaded; if not, <paramref name="reason"/> says why.</summary>
    public static bool IsAvailable(out string? reason)
    {
        EnsureResolver();
        lock (Gate)
        {
            TryLoadLocked();
            reason = _library == 0 ? _loadError : null;
            return _library != 0;
        }
    }

    /// <summary>The loaded library's version, e.g. "2.3.1".</summary>
    public static string Version
    {
        get
        {
            FluidSynth.Version(out var major, out var minor, out var micro);
            return $"{major}.{minor}.{micro}";
        }
    }

    internal static void EnsureResolver()
    {
        lock (Gate)
        {
            if (_resolverSet) return;
            _resolverSet = true;
            NativeLibrary.SetDllImportResolver(typeof(FluidSynthLibrary).Assembly, Resolve);
        }
    }

    /// <summary>Hooks fluidsynth's log once per process; errors are kept per thread for the next exception.</summary>
    internal static unsafe void EnsureLogHook()
    {
        lock (Gate)
        {
            if (_logHooked) return;
            _logHooked = true;
        }
        var callback = (nint)(delegate* unmanaged[Cdecl]<int, byte*, nint, void>)&OnLog;
        for (var level = FluidSynth.LogPanic; level <= FluidSynth.LogDebug; level++)
            FluidSynth.SetLogFunction(level, callback, 0);
    }

    /// <summary>Takes (and clears) the last error fluidsynth logged on this thread.</summary>
    internal static string? TakeLastError()
    {
        var error = _lastError;
        _lastError = null;
        return error;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnLog(int level, byte* message, nint data)
    {
        if (level > FluidSynth.LogError || message == null) return;
        _lastError = Marshal.PtrToStringUTF8((nint)message);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != FluidSynth.Library) return 0;
        lock (Gate)
        {
            TryLoadLocked();
            return _library;
        }
    }

    private static void TryLoadLocked()
    {
        if (_library != 0 || _loadError is not null) return;
        foreach (var candidate in Candidates)
            if (NativeLibrary.TryLoad(candidate, out _library))
                return;
        _loadError = $"libfluidsynth was not found (tried {string.Join(", ", Candidates)}); " +
                     $"install it with 'apt-get install {DebianPackage}'";
    }
}
