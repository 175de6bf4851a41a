using Expotion.V1;
using Grpc.Core;

namespace Expotion.Composition;

/// <summary>
/// What <see cref="ResumableStageStream{TRequest, TResponse}"/> needs to know about one stage's stream: how
/// to open it, its config (with a resume point), which requests are items to retain and which is the end,
/// where checkpoints are among the responses, and how far an output takes the timeline the client has received.
/// </summary>
public abstract class StageResume<TRequest, TResponse>
{
    /// <summary>The stage's name (in errors).</summary>
    public abstract string Stage { get; }

    /// <summary>Opens one call to the stage.</summary>
    public abstract AsyncDuplexStreamingCall<TRequest, TResponse> Open(DateTime? deadline, CancellationToken cancellationToken);

    /// <summary>The config message: the stream's own on the first call, with <paramref name="resume"/> on a resumed one.</summary>
    public abstract TRequest Config(ResumeFrom? resume);

    /// <summary>The explicit end message.</summary>
    public abstract TRequest End { get; }

    /// <summary>Whether <paramref name="request"/> is an item (retained for replay and counted).</summary>
    public abstract bool IsItem(TRequest request);

    /// <summary>Whether <paramref name="request"/> is the end.</summary>
    public abstract bool IsEnd(TRequest request);

    /// <summary>The checkpoint <paramref name="response"/> carries, or null.</summary>
    public abstract ResumeToken? Checkpoint(TResponse response);

    /// <summary>A response the stage sends on every call before its acknowledging checkpoint (vision's schema), read once.</summary>
    public virtual bool IsPreamble(TResponse response) => false;

    /// <summary>
    /// Where the received output ends after <paramref name="response"/> (<paramref name="receivedUs"/> when it
    /// is not output). Throws an Internal <see cref="RpcException"/> when it repeats output already received
    /// (or, where the stage's output is contiguous, skips some).
    /// </summary>
    public abstract long Advance(TResponse response, long receivedUs);

    /// <summary>Most items retained for replay (beyond it the stream stops being resumable).</summary>
    public abstract int MaxRetained(ResumeOptions options);

    /// <summary>For outputs at strictly increasing times (features, conditions): each must come after the last; returns the pts after it.</summary>
    protected long AfterPoint(long ptsUs, long receivedUs, string what) => ptsUs >= receivedUs ? ptsUs + 1
        : throw new RpcException(new Status(StatusCode.Internal, $"{Stage}: {what} at {ptsUs} µs after {what} up to {receivedUs - 1} µs: the stage repeated output"));
}
