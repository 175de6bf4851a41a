namespace Expotion.Music.MusicGen;

/// <summary>
/// MusicGen's delay pattern over the codebooks: sequence position 0 holds the start token in every codebook, and
/// codebook k of frame f sits at position f + k + 1, so codebook k lags codebook 0 by k steps. Positions before a
/// codebook's first frame (or after the last frame) hold the pad token. A frame is finished once its last codebook
/// has been sampled, <see cref="Codebooks"/> positions after its first.
/// </summary>
public static class DelayPattern
{
    /// <summary>EnCodec 32 kHz: four codebooks of 2048 codes.</summary>
    public const int Codebooks = 4;

    /// <summary>The start and pad token (one past the last code).</summary>
    public const int PadToken = 2048;

    /// <summary>The frame whose codebook <paramref name="codebook"/> sits at <paramref name="position"/> (negative before the first).</summary>
    public static int FrameAt(int position, int codebook) => position - codebook - 1;

    /// <summary>The position at which <paramref name="frame"/> is finished (its last codebook sampled).</summary>
    public static int FinishPosition(int frame) => frame + Codebooks;

    /// <summary>
    /// The delayed sequence of <paramref name="frames"/> (each <see cref="Codebooks"/> codes): [codebook][position], of
    /// length <c>frames.Count + Codebooks</c> (start column plus the tail where the last frame's later codebooks sit).
    /// </summary>
    public static int[][] Apply(IReadOnlyList<int[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var length = frames.Count + Codebooks;
        var rows = new int[Codebooks][];
        for (var k = 0; k < Codebooks; k++)
        {
            rows[k] = new int[length];
            for (var p = 0; p < length; p++)
            {
                var f = FrameAt(p, k);
                rows[k][p] = f >= 0 && f < frames.Count ? frames[f][k] : PadToken;
            }
        }
        return rows;
    }

    /// <summary>Undoes <see cref="Apply"/>: the frames whose every codebook is present in <paramref name="rows"/>.</summary>
    public static List<int[]> Undo(int[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length != Codebooks)
            throw new ArgumentException($"{rows.Length} codebooks; expected {Codebooks}", nameof(rows));
        var finished = rows[Codebooks - 1].Length - Codebooks;
        var frames = new List<int[]>(Math.Max(0, finished));
        for (var f = 0; f < finished; f++)
        {
            var frame = new int[Codebooks];
            for (var k = 0; k < Codebooks; k++)
                frame[k] = rows[k][f + k + 1];
            frames.Add(frame);
        }
        return frames;
    }
}
