using System.Runtime.CompilerServices;
using Expotion.V1;
using Grpc.Core;
using Polly;

namespace Expotion.Composition;

/// <summary>
/// One stage stream that survives the stage's failure (see protos/README.md, "Resuming a stream"). It retains
/// the items it has sent (from the newest checkpoint's <c>replay_from_index</c> on) and the end of the output
/// it has received. When the stream fails with Unavailable after the stage has sent a checkpoint, it reopens
/// the stream under <see cref="ConnectionPolicy.ForResume"/> with <c>config.resume</c> set (the checkpoint's
/// state and replay index, the received output's end), waits for the stage's acknowledging checkpoint,
/// replays the retained items, and goes on: the caller reads one timeline, nothing missing and nothing twice
/// (each output is checked by <see cref="StageResume{TRequest, TResponse}.Advance"/>).
/// Writers (<see cref="RequestStream"/>) and the reader (<see cref="ReadAllAsync"/>) may run on different tasks.
/// </summary>
public class ResumableStageStream<TRequest, TResponse> : IDisposable
    where TRequest : class
    where TResponse : class
{
    private readonly StageResume<TRequest, TResponse> _stage;
    private readonly ResiliencePipeline _reconnect;
    private readonly ResumeOptions _options;
    private readonly int _maxRetained;
    private readonly DateTime? _deadline;
    private readonly CancellationToken _lifetime;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(long Index, TRequest Item)> _history = [];
    private AsyncDuplexStreamingCall<TRequest, TResponse> _call;
    private ResumeToken? _token;
    private bool _retaining = true;
    private bool _ended;
    private long _sent;
    private Exception? _failure;
    private long _receivedUs;
    private int _resumes;

    /// <param name="stage">The stage's stream: how to open it, its config, its checkpoints and outputs.</param>
    /// <param name="reconnect">The policy that governs reopening (<see cref="ConnectionPolicy.ForResume"/>).</param>
    /// <param name="options">Retention limits.</param>
    /// <param name="deadline">When the stream must be over (UTC; null = never): every call it opens, resumed ones too, carries it.</param>
    /// <param name="cancellationToken">The stream's lifetime: cancelling it cancels every call it opens.</param>
    public ResumableStageStream(StageResume<TRequest, TResponse> stage, ResiliencePipeline reconnect,
        ResumeOptions? options, DateTime? deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(reconnect);
        (_stage, _reconnect, _options, _deadline, _lifetime) = (stage, reconnect, options ?? ResumeOptions.Default, deadline, cancellationToken);
        _maxRetained = stage.MaxRetained(_options);
        _call = stage.Open(_deadline, _lifetime);
        RequestStream = new Writer(this);
    }

    /// <summary>Items and the end go here (the config has been sent by <see cref="OpenAsync"/>).</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>How many times the stream has been resumed.</summary>
    public int Resumes => Volatile.Read(ref _resumes);

    /// <summary>The end of the output received so far (µs): where a resume continues.</summary>
    public long ReceivedUs => Interlocked.Read(ref _receivedUs);

    /// <summary>Items retained for replay now.</summary>
    public int Retained
    {
        get { lock (_history) return _history.Count; }
    }

    /// <summary>Sends the config.</summary>
    public Task OpenAsync(CancellationToken cancellationToken) =>
        _call.RequestStream.WriteAsync(_stage.Config(null), cancellationToken);

    /// <summary>
    /// The stage's responses (checkpoints are kept, not returned), across resumes. Throws the stage's error
    /// when it cannot be resumed (never checkpointed, another status, or the outage outlasted
    /// <see cref="ResumeOptions.MaxOutage"/>).
    /// </summary>
    public async IAsyncEnumerable<TResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            TResponse response;
            try
            {
                if (!await _call.ResponseStream.MoveNext(cancellationToken)) yield break;
                response = _call.ResponseStream.Current;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && CanResume && !cancellationToken.IsCancellationRequested)
            {
                await ResumeAsync(ex, cancellationToken);
                continue;
            }
            if (_stage.Checkpoint(response) is { } token)
            {
                Keep(token);
                continue;
            }
            Interlocked.Exchange(ref _receivedUs, _stage.Advance(response, _receivedUs));
            yield return response;
        }
    }

    private bool CanResume => Volatile.Read(ref _token) is not null && _retaining;

    private void Keep(ResumeToken token)
    {
        lock (_history)
        {
            _history.RemoveAll(c => c.Index < token.ReplayFromIndex);
            _token = token;
        }
    }

    private async Task ResumeAsync(RpcException cause, CancellationToken cancellationToken)
    {
        _call.Dispose();   // fails any write still pending on the dead call, so the gate comes free
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _reconnect.ExecuteAsync(async attempt =>
            {
                var call = _stage.Open(_deadline, _lifetime);
                try
                {
                    await ReopenAsync(call, attempt);
                    _call = call;
                }
                catch
                {
                    call.Dispose();
                    throw;
                }
            }, cancellationToken);
            Interlocked.Increment(ref _resumes);
        }
        catch (Exception ex) when (ex is RpcException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            var failure = new RpcException(new Status(StatusCode.Unavailable,
                $"the stream failed ({cause.Status.Detail}) and could not be resumed within {_options.MaxOutage.TotalSeconds:F0} s: {ex.Message}"));
            _failure = failure;
            throw failure;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One attempt: config with the resume point, the stage's acknowledgement, the replay, the end if it was sent.</summary>
    private async Task ReopenAsync(AsyncDuplexStreamingCall<TRequest, TResponse> call, CancellationToken attempt)
    {
        ResumeToken token;
        TRequest[] replay;
        lock (_history)
        {
            token = _token!;
            replay = [.. _history.Where(h => h.Index >= token.ReplayFromIndex).Select(h => h.Item)];
        }
        var resume = new ResumeFrom { State = token.State, FromPtsUs = ReceivedUs, ReplayFromIndex = token.ReplayFromIndex };
        await call.RequestStream.WriteAsync(_stage.Config(resume), attempt);
        ResumeToken? ack = null;
        while (ack is null)
        {
            if (!await call.ResponseStream.MoveNext(attempt))
                throw new RpcException(new Status(StatusCode.Internal, $"the {_stage.Stage} stage did not acknowledge the resume with a checkpoint"));
            var response = call.ResponseStream.Current;
            ack = _stage.Checkpoint(response);
            if (ack is null && !_stage.IsPreamble(response))
                throw new RpcException(new Status(StatusCode.Internal, $"the {_stage.Stage} stage did not acknowledge the resume with a checkpoint"));
        }
        Keep(ack);
        foreach (var item in replay)
            await call.RequestStream.WriteAsync(item, attempt);
        if (_ended)
        {
            await call.RequestStream.WriteAsync(_stage.End, attempt);
            await call.RequestStream.CompleteAsync();
        }
    }

    private async Task SendAsync(TRequest request, CancellationToken cancellationToken)
    {
        if (_failure is { } failed) throw failed;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_stage.IsItem(request)) Retain(request);
            else if (_stage.IsEnd(request)) _ended = true;
            try
            {
                await _call.RequestStream.WriteAsync(request, cancellationToken);
                if (_ended) await _call.RequestStream.CompleteAsync();
            }
            catch (Exception ex) when ((ex is RpcException or IOException or InvalidOperationException or OperationCanceledException)
                                       && CanResume && !cancellationToken.IsCancellationRequested)
            {
                // The call died under us: the reader resumes it, and the replay includes this request.
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Retain(TRequest item)
    {
        lock (_history)
        {
            var index = _sent++;
            if (!_retaining) return;
            if (_history.Count >= _maxRetained)
            {
                _retaining = false;   // too much to replay: from here on a failure ends the stream
                _history.Clear();
                return;
            }
            _history.Add((index, item));
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        _call.Dispose();
        _gate.Dispose();
    }

    /// <summary>The request side as the pipeline's hops see it.</summary>
    private sealed class Writer(ResumableStageStream<TRequest, TResponse> stream) : IClientStreamWriter<TRequest>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(TRequest message) => stream.SendAsync(message, stream._lifetime);

        public Task WriteAsync(TRequest message, CancellationToken cancellationToken) => stream.SendAsync(message, cancellationToken);

        // The end message already half-closed the call (and will on every resumed one).
        public Task CompleteAsync() => stream._ended ? Task.CompletedTask : stream.SendAsync(stream._stage.End, stream._lifetime);
    }
}
