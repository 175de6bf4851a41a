namespace Expotion.Gateway.Core;

/// <summary>The composed pipeline as the session sees it: one config and a frame stream in, outputs out.</summary>
public interface IPerformer<in TConfig, TFrame, out TOutput>
{
    /// <param name="deadline">The caller's deadline (UTC; null = none), handed on to every stage call.</param>
    IAsyncEnumerable<TOutput> PerformAsync(TConfig config, IAsyncEnumerable<TFrame> frames, DateTime? deadline, CancellationToken cancellationToken);
}
