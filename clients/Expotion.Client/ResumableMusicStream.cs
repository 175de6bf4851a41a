using System.Runtime.CompilerServices;
using Expotion.V1;
using Grpc.Core;
using Polly;

namespace Expotion.Client;

/// <summary>
/// One Music.Generate stream that survives the music stage's failure. It retains the conditions it has
/// sent (from the newest checkpoint's <c>replay_from_index</c> on) and the end of the audio it has
/// received. When the stream fails with Unavailable after the stage has sent a checkpoint, it reopens the
/// stream under <see cref="ConnectionPolicy.ForResume"/> with <c>config.resume</c> set (the checkpoint's
/// state, the received audio's end), waits for the stage's acknowledging checkpoint, replays the retained
/// conditions, and goes on: the caller reads one contiguous audio timeline, nothing missing and nothing
/// twice (each chunk is checked to start where the previous one ended).
/// Writers (<see cref="RequestStream"/>) and the reader (<see cref="ReadAllAsync"/>) may run on different tasks.
/// </summary>
public sealed class ResumableMusicStream : IDisposable
{
    private readonly V1.Music.MusicClient _client;
    private readonly GenerateConfig _config;
    private readonly ResiliencePipeline _reconnect;
    private readonly ResumeOptions _options;
    private readonly DateTime? _deadline;
    private readonly CancellationToken _lifetime;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ConditionFrame> _history = [];
    private AsyncDuplexStreamingCall<GenerateRequest, GenerateResponse> _call;
    private ResumeToken? _token;
    private bool _retaining = true;
    private bool _ended;
    private Exception? _failure;
    private long _receivedUs;
    private int _resumes;

    /// <param name="client">The music stage's client.</param>
    /// <param name="config">The stream's config (with its schema); <c>resume</c> must be unset.</param>
    /// <param name="reconnect">The policy that governs reopening (<see cref="ConnectionPolicy.ForResume"/>).</param>
    /// <param name="options">Retention limits.</param>
    /// <param name="deadline">When the stream must be over (UTC; null = never): every call it opens, resumed ones too, carries it.</param>
    /// <param name="cancellationToken">The stream's lifetime: cancelling it cancels every call it opens.</param>
    public ResumableMusicStream(V1.Music.MusicClient client, GenerateConfig config, ResiliencePipeline reconnect,
        ResumeOptions? options, DateTime? deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(reconnect);
        if (config.Resume is not null) throw new ArgumentException("a new stream has no resume point", nameof(config));
        (_client, _config, _reconnect, _options, _deadline, _lifetime) = (client, config, reconnect, options ?? ResumeOptions.Default, deadline, cancellationToken);
        _call = _client.Generate(deadline: _deadline, cancellationToken: _lifetime);
        RequestStream = new Writer(this);
    }

    /// <summary>Conditions and the end go here (the config has been sent by <see cref="OpenAsync"/>).</summary>
    public IClientStreamWriter<GenerateRequest> RequestStream { get; }

    /// <summary>How many times the stream has been resumed.</summary>
    public int Resumes => Volatile.Read(ref _resumes);

    /// <summary>The end of the audio received so far (µs): where a resume continues.</summary>
    public long ReceivedUs => Interlocked.Read(ref _receivedUs);

    /// <summary>Sends the config.</summary>
    public Task OpenAsync(CancellationToken cancellationToken) =>
        _call.RequestStream.WriteAsync(new GenerateRequest { Config = _config }, cancellationToken);

    /// <summary>
    /// The stage's audio, events and summary (checkpoints are kept, not returned), across resumes. Throws the
    /// stage's error when it cannot be resumed (never checkpointed, another status, or the outage outlasted
    /// <see cref="ResumeOptions.MaxOutage"/>).
    /// </summary>
    public async IAsyncEnumerable<GenerateResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            GenerateResponse response;
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
            switch (response.KindCase)
            {
                case GenerateResponse.KindOneofCase.Checkpoint:
                    Keep(response.Checkpoint);
                    continue;
                case GenerateResponse.KindOneofCase.Audio:
                    Advance(response.Audio);
                    break;
            }
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

    private void Advance(AudioChunk chunk)
    {
        if (chunk.PtsUs != _receivedUs)
            throw new RpcException(new Status(StatusCode.Internal,
                $"audio at {chunk.PtsUs} µs after audio up to {_receivedUs} µs: the stage {(chunk.PtsUs < _receivedUs ? "repeated" : "skipped")} audio"));
        if (chunk.SampleRate <= 0)
            throw new RpcException(new Status(StatusCode.Internal, $"audio chunk at {chunk.PtsUs} µs has sample rate {chunk.SampleRate}"));
        Interlocked.Exchange(ref _receivedUs, chunk.PtsUs + chunk.Frames * 1_000_000L / chunk.SampleRate);
    }

    private async Task ResumeAsync(RpcException cause, CancellationToken cancellationToken)
    {
        _call.Dispose();   // fails any write still pending on the dead call, so the gate comes free
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _reconnect.ExecuteAsync(async attempt =>
            {
                var call = _client.Generate(deadline: _deadline, cancellationToken: _lifetime);
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
    private async Task ReopenAsync(AsyncDuplexStreamingCall<GenerateRequest, GenerateResponse> call, CancellationToken attempt)
    {
        ResumeToken token;
        ConditionFrame[] replay;
        lock (_history)
        {
            token = _token!;
            replay = [.. _history];
        }
        var config = _config.Clone();
        config.Resume = new ResumeFrom { State = token.State, FromPtsUs = ReceivedUs, ReplayFromIndex = token.ReplayFromIndex };
        await call.RequestStream.WriteAsync(new GenerateRequest { Config = config }, attempt);
        if (!await call.ResponseStream.MoveNext(attempt) || call.ResponseStream.Current.KindCase != GenerateResponse.KindOneofCase.Checkpoint)
            throw new RpcException(new Status(StatusCode.Internal, "the music stage did not acknowledge the resume with a checkpoint"));
        Keep(call.ResponseStream.Current.Checkpoint);
        foreach (var condition in replay)
            await call.RequestStream.WriteAsync(new GenerateRequest { Condition = condition }, attempt);
        if (_ended)
        {
            await call.RequestStream.WriteAsync(new GenerateRequest { End = new End() }, attempt);
            await call.RequestStream.CompleteAsync();
        }
    }

    private async Task SendAsync(GenerateRequest request, CancellationToken cancellationToken)
    {
        if (_failure is { } failed) throw failed;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (request.KindCase == GenerateRequest.KindOneofCase.Condition) Retain(request.Condition);
            else if (request.KindCase == GenerateRequest.KindOneofCase.End) _ended = true;
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

    private void Retain(ConditionFrame condition)
    {
        lock (_history)
        {
            if (!_retaining) return;
            if (_history.Count >= _options.MaxRetainedConditions)
            {
                _retaining = false;   // too long to replay: from here on a failure ends the stream
                _history.Clear();
                return;
            }
            _history.Add(condition);
        }
    }

    public void Dispose()
    {
        _call.Dispose();
        _gate.Dispose();
    }

    /// <summary>The request side as the pipeline's hops see it.</summary>
    private sealed class Writer(ResumableMusicStream stream) : IClientStreamWriter<GenerateRequest>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(GenerateRequest message) => stream.SendAsync(message, stream._lifetime);

        public Task WriteAsync(GenerateRequest message, CancellationToken cancellationToken) => stream.SendAsync(message, cancellationToken);

        // The end message already half-closed the call (and will on every resumed one).
        public Task CompleteAsync() => stream._ended ? Task.CompletedTask : stream.SendEndAsync();
    }

    private Task SendEndAsync() => SendAsync(new GenerateRequest { End = new End() }, _lifetime);
}
