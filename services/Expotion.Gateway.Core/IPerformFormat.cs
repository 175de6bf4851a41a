namespace Expotion.Gateway.Core;

/// <summary>
/// How <see cref="PerformSession{TConfig, TFrame, TOutput}"/> reads and moves the messages of one wire format (the
/// gateway's: the protos), so that the session's logic stays on plain types and the messages are never copied.
/// </summary>
public interface IPerformFormat<TConfig, TFrame, TOutput>
{
    /// <summary>The audio chunk length the config asks for, in µs.</summary>
    long ChunkUs(TConfig config);

    /// <summary>A copy of the config with the new prompt (an empty one keeps the config's).</summary>
    TConfig WithPrompt(TConfig config, string prompt);

    long PtsOf(TFrame frame);

    /// <summary>The frame moved <paramref name="byUs"/> earlier, onto its segment's own timeline (a copy: the caller's frame is left as it is).</summary>
    TFrame Earlier(TFrame frame, long byUs);

    PerformOutputKind KindOf(TOutput output);

    /// <summary>The output's presentation time (the start, for audio), in µs.</summary>
    long PtsOf(TOutput output);

    /// <summary>The sample frames of an audio output (for the stream's stats).</summary>
    int AudioFramesOf(TOutput output);

    /// <summary>Moves the output later onto the stream's timeline, in place: its time by <see cref="TimeShift.Us"/>, a condition's grid index by <see cref="TimeShift.GridPoints"/>.</summary>
    void Later(TOutput output, TimeShift shift);
}

/// <summary>How far a segment's outputs move: a whole number of audio chunks and of 50 Hz grid points.</summary>
public readonly record struct TimeShift(long Us)
{
    public long GridPoints => Us / Expotion.Core.TimeGrid.PeriodUs;
}
