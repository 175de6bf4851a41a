namespace Expotion.Music.Core.Rendering;

/// <summary>
/// Finds a General MIDI SoundFont: an explicit path, else <c>$EXPOTION_SOUNDFONT</c>, else FluidR3_GM.sf2,
/// TimGM6mb.sf2, then any other .sf2/.sf3 in the system SoundFont folders (sorted by name). An explicit
/// path or variable that names a missing file is an error, never silently replaced.
/// </summary>
public sealed class SoundFontLocator
{
    /// <summary>The environment variable that names a SoundFont file.</summary>
    public const string EnvironmentVariable = "EXPOTION_SOUNDFONT";

    /// <summary>The Debian packages that install a usable SoundFont.</summary>
    public const string InstallHint =
        "install one with 'apt-get install fluid-soundfont-gm' (or 'timgm6mb-soundfont'), or set " +
        EnvironmentVariable + " (or the Conductor SoundFontPath option) to an .sf2/.sf3 file";

    /// <summary>Preferred file names, best first.</summary>
    public static IReadOnlyList<string> PreferredNames { get; } = ["FluidR3_GM.sf2", "TimGM6mb.sf2"];

    /// <summary>Folders searched by default.</summary>
    public static IReadOnlyList<string> DefaultDirectories { get; } =
        ["/usr/share/sounds/sf2", "/usr/share/soundfonts", "/usr/share/sounds/sf3"];

    private readonly IReadOnlyList<string> _directories;
    private readonly Func<string, string?> _environment;

    /// <param name="directories">Folders to search; <see cref="DefaultDirectories"/> when null.</param>
    /// <param name="environment">Reads an environment variable; the process environment when null.</param>
    public SoundFontLocator(IReadOnlyList<string>? directories = null, Func<string, string?>? environment = null)
    {
        _directories = directories ?? DefaultDirectories;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>The locator over the system folders and the process environment.</summary>
    public static SoundFontLocator Default { get; } = new();

    /// <summary>The SoundFont to use; throws <see cref="SoundFontNotFoundException"/> if there is none.</summary>
    public string Locate(string? explicitPath = null)
    {
        if (TryLocate(explicitPath, out var path, out var tried, out var problem))
            return path;
        throw new SoundFontNotFoundException($"{problem} Tried: {string.Join(", ", tried)}. To fix it, {InstallHint}.", tried);
    }

    /// <summary>Like <see cref="Locate"/> but returns false instead of throwing.</summary>
    public bool TryLocate(string? explicitPath, out string path, out IReadOnlyList<string> tried) =>
        TryLocate(explicitPath, out path, out tried, out _);

    private bool TryLocate(string? explicitPath, out string path, out IReadOnlyList<string> tried, out string problem)
    {
        var list = new List<string>();
        tried = list;
        path = "";
        if (!string.IsNullOrWhiteSpace(explicitPath))
            return Explicit(explicitPath, "The configured SoundFont", list, out path, out problem);

        var fromEnvironment = _environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Explicit(fromEnvironment, $"${EnvironmentVariable}", list, out path, out problem);

        foreach (var directory in _directories)
            foreach (var name in PreferredNames)
            {
                var candidate = Path.Combine(directory, name);
                list.Add(candidate);
                if (File.Exists(candidate)) { path = candidate; problem = ""; return true; }
            }

        foreach (var directory in _directories)
        {
            list.Add(Path.Combine(directory, "*.sf2|*.sf3"));
            if (!Directory.Exists(directory)) continue;
            var other = Directory.EnumerateFiles(directory)
                .Where(f => f.EndsWith(".sf2", StringComparison.OrdinalIgnoreCase) ||
                            f.EndsWith(".sf3", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .FirstOrDefault(File.Exists);
            if (other is not null) { path = other; problem = ""; return true; }
        }

        problem = "No General MIDI SoundFont was found.";
        return false;
    }

    private static bool Explicit(string candidate, string what, List<string> tried, out string path, out string problem)
    {
        tried.Add(candidate);
        path = candidate;
        problem = File.Exists(candidate) ? "" : $"{what} '{candidate}' does not exist.";
        return problem.Length == 0;
    }
}
