using System.Security.Cryptography;
using System.Text;

namespace Expotion.Music.Core.Resume;

/// <summary>
/// The resume state of a deterministic backend: since the audio is a pure function of the backend, the
/// settings and the conditions, the state a client must hand back is only proof that the new stream has
/// the same settings. One version byte, then SHA-256 over a canonical text of them.
/// </summary>
public static class SessionFingerprint
{
    /// <summary>Format version (the first byte); a state of another version is refused.</summary>
    public const byte Version = 2;   // 2: the audio is mastered (loudness target in the text)

    public static byte[] Of(string backend, MusicSettings settings)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(settings);
        var layout = settings.Layout;
        var canonical = string.Join('\n',
            backend.ToLowerInvariant(), settings.Prompt, settings.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            settings.SampleRate, settings.Channels, settings.ChunkMs, settings.LoudnessTargetLufs.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            layout.SchemaId, layout.Dims, layout.MotionEnergyIndex, string.Join('\u001f', layout.Names));
        var state = new byte[1 + SHA256.HashSizeInBytes];
        state[0] = Version;
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), state.AsSpan(1));
        return state;
    }
}
