using Expotion.V1;

namespace Expotion.Cli.Bench;

/// <summary>What `expotion bench load` runs.</summary>
/// <param name="Streams">Concurrent live streams.</param>
/// <param name="Seconds">How long each stream sends frames (after the warm-up).</param>
/// <param name="Fps">Frames per second per stream.</param>
/// <param name="WarmupSeconds">Run first with all streams open, not counted in the summary (JIT, connections, SoundFont).</param>
/// <param name="IntervalSeconds">A line every this many seconds.</param>
/// <param name="Width">Frame width (RGB24); the height keeps 4:3.</param>
/// <param name="LiveQueue">The vision stage's <c>live_frame_queue</c>: 0 = lossless (push-back), N = drop the oldest of N waiting frames.</param>
/// <param name="ChunkMs">The music stage's audio chunk length (<c>chunk_ms</c>): 20 = one condition frame, the live path's quantum.</param>
/// <param name="Sessions">Ensemble sessions the streams join at a gateway (0: every stream performs alone); stream k joins session
/// k mod <paramref name="Sessions"/> with the default role (the first member rhythm, the rest energy).</param>
internal sealed record LoadOptions(int Streams, double Seconds, double Fps, double WarmupSeconds, double IntervalSeconds, int Width, int LiveQueue = 0,
    int ChunkMs = LoadOptions.LiveChunkMs, int Sessions = 0)
{
    /// <summary>The live path's audio quantum: one 50 Hz condition frame.</summary>
    public const int LiveChunkMs = 20;

    public int Height => Width * 3 / 4;

    /// <summary>Members per session (the streams spread evenly; 0 when alone).</summary>
    public int Members => Sessions > 0 ? (Streams + Sessions - 1) / Sessions : 0;

    /// <summary>Stream <paramref name="k"/>'s place in an ensemble (null when the streams perform alone).</summary>
    public EnsembleConfig? EnsembleOf(int k) =>
        Sessions > 0 ? new EnsembleConfig { Session = $"bench-{k % Sessions}", Member = $"m{k / Sessions}" } : null;

    public void Validate()
    {
        if (Streams < 1) throw new ArgumentException("--streams must be at least 1");
        if (Seconds <= 0 || WarmupSeconds < 0 || IntervalSeconds <= 0) throw new ArgumentException("--seconds and --interval must be positive, --warmup not negative");
        if (Fps is <= 0 or > 240) throw new ArgumentException("--fps must be in (0, 240]");
        if (LiveQueue < 0) throw new ArgumentException("--live-queue must be 0 (lossless) or more");
        if (ChunkMs is < 10 or > 1000) throw new ArgumentException("--chunk-ms must be in 10..1000 (the music stage's range)");
        if (Width < 16 || Width % 4 != 0) throw new ArgumentException("--width must be a multiple of 4, at least 16");
        if (Sessions < 0 || Sessions > Streams) throw new ArgumentException("--sessions must be 0 (alone) up to the number of streams");
        if (Sessions > 0 && ChunkMs % 20 != 0) throw new ArgumentException("--chunk-ms must be a multiple of 20 in an ensemble (the session's grid)");
    }
}
