namespace Expotion.Music.Core.Rendering;

/// <summary>No usable SoundFont: names every path that was tried and how to install one.</summary>
public sealed class SoundFontNotFoundException(string message, IReadOnlyList<string> tried)
    : FileNotFoundException(message)
{
    /// <summary>The files and folders that were looked at, in order.</summary>
    public IReadOnlyList<string> Tried { get; } = tried;
}
