namespace Expotion.Gateway.Core;

/// <summary>What a pipeline output is, as far as the session's timeline is concerned.</summary>
public enum PerformOutputKind
{
    /// <summary>The feature schema: said once, by the first segment.</summary>
    Schema,
    /// <summary>A feature frame (a point in time): moved onto the stream's timeline.</summary>
    Features,
    /// <summary>A condition on the 50 Hz grid: its time and its grid index move.</summary>
    Condition,
    /// <summary>An audio chunk: moved, and dropped from the boundary on where the next segment took over.</summary>
    Audio,
    /// <summary>A musical event: like audio.</summary>
    Event,
    /// <summary>The stream's summary: only the last segment's.</summary>
    Summary,
    /// <summary>Anything else: passed on as it is.</summary>
    Other,
}
