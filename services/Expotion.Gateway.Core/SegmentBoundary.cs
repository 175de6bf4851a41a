using Expotion.Core;

namespace Expotion.Gateway.Core;

/// <summary>Where a prompt update takes over: on a boundary of both the audio chunks and the 50 Hz <see cref="TimeGrid"/>.</summary>
public static class SegmentBoundary
{
    /// <summary>The spacing of the boundaries: the least common multiple of the chunk length and the grid period.</summary>
    public static long UnitUs(long chunkUs)
    {
        if (chunkUs <= 0) throw new ArgumentOutOfRangeException(nameof(chunkUs), chunkUs, "a chunk length must be positive");
        return chunkUs / Gcd(chunkUs, TimeGrid.PeriodUs) * TimeGrid.PeriodUs;
    }

    /// <summary>The first boundary after the last frame received (0 before any frame): frames before it still go to the running segment.</summary>
    public static long After(long lastFramePtsUs, long unitUs) => lastFramePtsUs < 0 ? 0 : (lastFramePtsUs / unitUs + 1) * unitUs;

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
