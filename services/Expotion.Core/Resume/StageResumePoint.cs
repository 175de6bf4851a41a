namespace Expotion.Resume;

/// <summary>
/// Where a resumed stream continues (every stage): the state from the failed
/// stream's newest checkpoint (a <see cref="ConfigFingerprint"/>), the index of the first request item the
/// client re-sends, and the first output time it still needs (the stage sends nothing before it).
/// </summary>
/// <param name="State">The checkpoint's opaque state, as the client received it.</param>
/// <param name="FromPtsUs">The first output time the client still needs (the pts after the last output it received).</param>
/// <param name="ReplayFromIndex">The index of the first item the client re-sends.</param>
public sealed record StageResumePoint(byte[] State, long FromPtsUs, long ReplayFromIndex)
{
    /// <summary>
    /// Checks the point against the new stream's fingerprint (same settings: else the replayed output would
    /// differ), and that the times and index are not negative; a stage that rebuilds its state from the whole
    /// stream (<paramref name="replaysFromStart"/>) accepts only a replay from item 0, and a stage whose outputs
    /// keep a step (<paramref name="fromStepUs"/>: music's chunks) only a resume time on it.
    /// </summary>
    public void Validate(byte[] expectedState, bool replaysFromStart, long fromStepUs = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromStepUs);
        ArgumentNullException.ThrowIfNull(expectedState);
        if (!State.AsSpan().SequenceEqual(expectedState))
            throw new InvalidInputException("config.resume.state",
                "the resume state does not match this config (every setting must be the same as the failed stream's)");
        if (ReplayFromIndex < 0 || (replaysFromStart && ReplayFromIndex != 0))
            throw new InvalidInputException("config.resume.replay_from_index",
                replaysFromStart ? $"{ReplayFromIndex}; this stage replays from item 0" : $"{ReplayFromIndex} is negative");
        if (FromPtsUs < 0)
            throw new InvalidInputException("config.resume.from_pts_us", $"{FromPtsUs} is negative");
        if (FromPtsUs % fromStepUs != 0)
            throw new InvalidInputException("config.resume.from_pts_us", $"{FromPtsUs} is not a multiple of the output step ({fromStepUs} µs)");
    }
}
