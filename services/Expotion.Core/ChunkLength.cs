namespace Expotion.Core;

/// <summary>
/// The length of the music stage's audio blocks (music.proto's <c>chunk_ms</c>, where 0 means this default): the music
/// stage cuts its audio so, the gateway switches segments on its boundaries, and the clients ask for it.
/// </summary>
public static class ChunkLength
{
    /// <summary>100 ms: five <see cref="TimeGrid"/> periods.</summary>
    public const int DefaultMs = 100;
}
