namespace Expotion.Music.Core;

/// <summary>
/// A music backend: turns a prompt and a stream of 50 Hz condition frames into audio blocks and
/// musical events. Audio blocks are contiguous from time 0, one chunk long each (the last may be
/// shorter), and are emitted as soon as the conditions covering them have arrived.
/// </summary>
public interface IMusicBackend
{
    /// <summary>The name a client selects the backend by ("conductor", "musicgen").</summary>
    string Name { get; }

    IAsyncEnumerable<MusicOutput> GenerateAsync(
        MusicSettings settings,
        IAsyncEnumerable<Condition> conditions,
        StreamStats stats,
        CancellationToken cancellationToken);
}
