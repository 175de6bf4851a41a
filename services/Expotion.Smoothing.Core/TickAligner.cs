using System.Runtime.CompilerServices;
using Expotion.Core;

namespace Expotion.Smoothing.Core;

/// <summary>
/// A stream's way into the <see cref="SmoothingTicker"/>: a pump checks each feature frame as
/// <see cref="TimelineAligner"/> does and puts it in the stream's bounded inbox (so a stream that sends faster than the
/// ticks drain waits there), the ticks turn the frames into conditions, and this enumerator yields them. A bad frame ends
/// the stream with the same error after the conditions of the frames before it; leaving early (cancelled, disposed)
/// takes the stream out of the next tick without holding up the others. The offline mode is not live and stays on
/// <paramref name="offline"/>. Output: the per-stream path's, bit for bit, up to one tick later.
/// </summary>
public sealed class TickAligner(SmoothingTicker ticker, TimelineAligner offline) : IStreamAligner
{
    public async IAsyncEnumerable<ConditionVector> AlignAsync(AlignSettings settings, IAsyncEnumerable<FeatureSample> frames, StreamStats stats,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        settings.Validate();
        if (settings.Mode == SmoothingMode.ExpotionOffline)
        {
            await foreach (var c in offline.AlignAsync(settings, frames, stats, cancellationToken).ConfigureAwait(false))
                yield return c;
            yield break;
        }
        var stream = ticker.Join(settings);
        using var pumpStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(stream, frames, stats, pumpStop.Token);
        try
        {
            await foreach (var c in stream.Outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                stats.CountOut();
                yield return c;
            }
        }
        finally
        {
            SmoothingTicker.Leave(stream);
            await pumpStop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    private static async Task PumpAsync(TickStream stream, IAsyncEnumerable<FeatureSample> frames, StreamStats stats, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            FeatureSample? previous = null;
            await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                TimelineAligner.Check(stream.Settings, frame, previous);
                stats.CountIn(frame.PtsUs);
                await stream.Inbox.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                previous = frame;
            }
        }
        catch (Exception e)
        {
            stream.PumpError = e;
        }
        stream.Inbox.Writer.TryComplete();
    }
}
