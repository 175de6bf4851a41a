namespace Expotion.Resume;

/// <summary>
/// The stage side of one resumable stream, the same for every stage: the state its checkpoints carry (a
/// <see cref="ConfigFingerprint"/>), the resume point it was opened with (validated against that state), which
/// outputs go to the client ("send from": none before the resume time), and when the next checkpoint is due.
/// The adapters only map it onto their messages.
/// </summary>
public sealed class StreamResume
{
    private readonly long _checkpointEveryUs;
    private readonly long _fromStepUs;
    private long _nextCheckpointUs;

    /// <param name="state">This stream's fingerprint.</param>
    /// <param name="point">The resume point the config carries (null: a new stream); validated here.</param>
    /// <param name="replaysFromStart">The stage rebuilds its state from the whole stream: a resume must replay from item 0.</param>
    /// <param name="checkpointEveryUs">Output time between two checkpoints (0: after every output).</param>
    /// <param name="fromStepUs">The step the stage's output times keep (music: its chunk length); a resume time must be a multiple of it.</param>
    public StreamResume(byte[] state, StageResumePoint? point, bool replaysFromStart, long checkpointEveryUs, long fromStepUs = 1)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointEveryUs);
        point?.Validate(state, replaysFromStart, fromStepUs);
        (State, Point, _checkpointEveryUs, _fromStepUs) = (state, point, checkpointEveryUs, fromStepUs);
        _nextCheckpointUs = FromPtsUs + checkpointEveryUs;
    }

    public byte[] State { get; }

    /// <summary>The point this stream resumes from; null for a new stream.</summary>
    public StageResumePoint? Point { get; }

    /// <summary>The first output time the client needs (0 for a new stream).</summary>
    public long FromPtsUs => Point?.FromPtsUs ?? 0;

    /// <summary>The index of the first item the client sends (0 for a new stream).</summary>
    public long ReplayFromIndex => Point?.ReplayFromIndex ?? 0;

    /// <summary>Outputs held back so far because the client already had them.</summary>
    public long Dropped { get; private set; }

    /// <summary>Whether an output at <paramref name="ptsUs"/> goes to the client; counts the ones that do not.</summary>
    public bool Sends(long ptsUs)
    {
        if (ptsUs >= FromPtsUs) return true;
        Dropped++;
        return false;
    }

    /// <summary>
    /// Whether a checkpoint goes out after the output sent up to <paramref name="endUs"/>: the first output
    /// <c>checkpointEveryUs</c> or more after the previous checkpoint that ends on the output step (where a resume may start).
    /// </summary>
    public bool CheckpointDue(long endUs)
    {
        if (endUs < _nextCheckpointUs || endUs % _fromStepUs != 0) return false;
        _nextCheckpointUs = endUs + _checkpointEveryUs;
        return true;
    }
}
