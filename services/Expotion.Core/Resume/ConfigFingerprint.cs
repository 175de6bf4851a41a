using System.Security.Cryptography;
using System.Text;

namespace Expotion.Resume;

/// <summary>
/// The resume state of a stage whose output is a pure function of its config and its input: proof that a
/// resumed stream has the same config as the one that failed. One version byte, then SHA-256 over the
/// stage's name and the config's settings as canonical text (one per line).
/// </summary>
public static class ConfigFingerprint
{
    /// <summary>Format version (the first byte); a state of another version is refused.</summary>
    public const byte Version = 1;

    /// <param name="stage">The stage (so that one stage's state never passes for another's).</param>
    /// <param name="settings">Every setting the output depends on, formatted invariantly.</param>
    public static byte[] Of(string stage, params IEnumerable<string> settings)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(settings);
        var canonical = string.Join('\n', settings.Prepend(stage).Select(s => s.Replace('\n', '\u001f')));
        var state = new byte[1 + SHA256.HashSizeInBytes];
        state[0] = Version;
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), state.AsSpan(1));
        return state;
    }
}
