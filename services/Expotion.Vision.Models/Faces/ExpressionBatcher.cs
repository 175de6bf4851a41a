using System.Threading.Channels;

namespace Expotion.Vision.Models.Faces;

/// <summary>
/// Classifies the face crops of concurrent streams together: crops that arrive while an ONNX Runtime run is in
/// progress wait for it, and the next run takes all of them (up to <see cref="MaxBatch"/>) in one call. Under
/// load that is one call per tick for every stream; an idle stage adds no wait (a lone crop runs at once), unless
/// <see cref="Gather"/> asks to wait a little for company. Thread-safe; dispose to stop the loop.
/// </summary>
public sealed class ExpressionBatcher : IAsyncDisposable
{
    private readonly EmotionClassifier _classifier;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _runs, _crops, _largest;

    /// <param name="classifier">The model; not owned.</param>
    /// <param name="maxBatch">Most crops in one run.</param>
    /// <param name="gather">After the first crop of a run arrives, how long to wait for more (zero: take what is queued).</param>
    public ExpressionBatcher(EmotionClassifier classifier, int maxBatch = 64, TimeSpan gather = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gather, TimeSpan.Zero);
        (_classifier, MaxBatch, Gather) = (classifier, maxBatch, gather);
        _loop = Task.Run(RunAsync);
    }

    public int MaxBatch { get; }

    public TimeSpan Gather { get; }

    /// <summary>ONNX Runtime runs so far.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Crops classified so far.</summary>
    public long Crops => Interlocked.Read(ref _crops);

    /// <summary>The largest batch so far.</summary>
    public long LargestBatch => Interlocked.Read(ref _largest);

    /// <summary>The expression of one aligned crop (<see cref="EmotionClassifier.Crop"/>), classified with whatever else is waiting.</summary>
    public Task<Expression> ClassifyAsync(float[] crop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crop);
        if (crop.Length != EmotionClassifier.InputLength)
            throw new ArgumentException($"the crop has {crop.Length} values, expected {EmotionClassifier.InputLength}", nameof(crop));
        var request = new Request(crop, cancellationToken);
        if (!_requests.Writer.TryWrite(request))
            throw new ObjectDisposedException(nameof(ExpressionBatcher));
        return request.Result.Task;
    }

    private async Task RunAsync()
    {
        var reader = _requests.Reader;
        var batch = new List<Request>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (Gather > TimeSpan.Zero) await Task.Delay(Gather).ConfigureAwait(false);
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var request))
            {
                if (request.CancellationToken.IsCancellationRequested) request.Result.TrySetCanceled(request.CancellationToken);
                else batch.Add(request);
            }
            if (batch.Count == 0) continue;
            try
            {
                var results = _classifier.Classify(batch.Select(r => r.Crop).ToArray());
                Interlocked.Increment(ref _runs);
                Interlocked.Add(ref _crops, batch.Count);
                if (batch.Count > Interlocked.Read(ref _largest)) Interlocked.Exchange(ref _largest, batch.Count);
                for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var request in batch) request.Result.TrySetException(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed record Request(float[] Crop, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<Expression> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
