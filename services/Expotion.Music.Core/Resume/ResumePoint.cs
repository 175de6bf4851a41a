namespace Expotion.Music.Core.Resume;

/// <summary>
/// Where a resumed stream continues: the <see cref="SessionFingerprint"/> state from the failed stream's
/// newest checkpoint, the first condition the client replays, and the time up to which the client already
/// has the output.
/// </summary>
/// <param name="State">The checkpoint's opaque state, as the client received it.</param>
/// <param name="FromPtsUs">The first audio time the client still needs (a chunk boundary).</param>
/// <param name="ReplayFromIndex">The first condition index the client re-sends.</param>
public sealed record ResumePoint(byte[] State, long FromPtsUs, long ReplayFromIndex)
{
    /// <summary>
    /// Checks the point against the new stream's settings: same fingerprint (the same backend, prompt, seed
    /// and audio settings: else the replayed audio would differ), a replay from the start (the only one a
    /// replay-based backend offers), and a resume time on a chunk boundary.
    /// </summary>
    public void Validate(byte[] expectedState, MusicSettings settings)
    {
        ArgumentNullException.ThrowIfNull(expectedState);
        ArgumentNullException.ThrowIfNull(settings);
        if (!State.AsSpan().SequenceEqual(expectedState))
            throw new InvalidInputException("config.resume.state",
                "the resume state does not match this config (backend, prompt, seed, sample rate, channels, chunk length and schema must be the same as the failed stream's)");
        if (ReplayFromIndex != 0)
            throw new InvalidInputException("config.resume.replay_from_index", $"{ReplayFromIndex}; this backend replays from condition 0");
        var chunkUs = settings.ChunkMs * 1000L;
        if (FromPtsUs < 0 || FromPtsUs % chunkUs != 0)
            throw new InvalidInputException("config.resume.from_pts_us", $"{FromPtsUs} is not a non-negative multiple of the chunk length ({chunkUs} µs)");
    }
}
