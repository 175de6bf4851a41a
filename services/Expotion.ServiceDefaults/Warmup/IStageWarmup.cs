namespace Expotion.ServiceDefaults.Warmup;

/// <summary>
/// A stage's warm-up: runs a short synthetic performance through the stage's own code (the same classes a stream
/// uses) so that JIT compilation, type loading and first-use allocations happen before the host listens, not
/// behind the first performer's frames. Must leave no state behind that a stream could see.
/// </summary>
public interface IStageWarmup
{
    /// <summary>The stage's name in the log line ("vision", "smoothing", "music").</summary>
    string Stage { get; }

    /// <summary>Runs the synthetic performance; returns what it processed, for the log line (e.g. "60 frames").</summary>
    Task<string> WarmUpAsync(WarmupOptions options, CancellationToken cancellationToken);
}
