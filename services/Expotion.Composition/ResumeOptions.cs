using Expotion.Core;
namespace Expotion.Composition;

/// <summary>How a client resumes a stage stream that failed with Unavailable (see <see cref="ResumableStageStream{TRequest, TResponse}"/>).</summary>
public sealed record ResumeOptions
{
    /// <summary>Longest time one resume may take, all attempts together (the stage restarting, then replaying).</summary>
    public TimeSpan MaxOutage { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First back-off between attempts (doubled each time, with jitter, up to <see cref="MaxDelay"/>).</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest back-off between attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive failed attempts (across the streams sharing the policy) that open the circuit.</summary>
    public int BreakAfter { get; init; } = 5;

    /// <summary>How long an open circuit fails attempts at once before letting one through.</summary>
    public TimeSpan BreakFor { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most conditions a stream retains for replay (default 30 minutes at 50 Hz). A longer stream stops being
    /// resumable (its history is dropped) rather than growing without bound.
    /// </summary>
    public int MaxRetainedConditions { get; init; } = 30 * 60 * TimeGrid.RateHz;

    /// <summary>
    /// Most feature frames a smoothing stream retains for replay (default 30 minutes at 60 fps): the same
    /// rule as <see cref="MaxRetainedConditions"/>.
    /// </summary>
    public int MaxRetainedFeatureFrames { get; init; } = 30 * 60 * 60;

    /// <summary>
    /// Most video frames a vision stream retains for replay. The stage checkpoints after every frame's
    /// features, so a stream holds only the frames in flight (sent but not yet answered); one that gets this far
    /// behind stops being resumable rather than holding more.
    /// </summary>
    public int MaxRetainedVideoFrames { get; init; } = 128;

    /// <summary>The defaults.</summary>
    public static ResumeOptions Default { get; } = new();
}
