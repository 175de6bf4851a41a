using Expotion.V1;

namespace Expotion.Composition;

/// <summary>Frames and a prompt in, audio and events out: the pipeline, whether composed here or behind a gateway.</summary>
public interface IPerformer
{
    IAsyncEnumerable<PerformResponse> PerformAsync(PerformConfig config, IAsyncEnumerable<VideoFrame> frames, CancellationToken cancellationToken);

    /// <summary>
    /// The same with a deadline (UTC; null = none) that every stage call carries, so that each stage stops by
    /// itself when it passes: a gateway hands its own caller's deadline on. Performers that cannot carry one
    /// rely on the cancellation alone.
    /// </summary>
    IAsyncEnumerable<PerformResponse> PerformAsync(PerformConfig config, IAsyncEnumerable<VideoFrame> frames, DateTime? deadline,
        CancellationToken cancellationToken) => PerformAsync(config, frames, cancellationToken);
}
