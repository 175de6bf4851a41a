using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Expotion.Composition;

/// <summary>
/// Waiting for a stage to be ready is safe to retry; a stream that has exchanged messages is not, unless
/// the stage sent it a checkpoint (the protocol's resume state, common.proto ResumeToken): then
/// <see cref="ForResume"/> governs reopening it.
/// </summary>
public static class ConnectionPolicy
{
    public static ResiliencePipeline Create(TimeSpan maxWait) => new ResiliencePipelineBuilder()
        .AddTimeout(maxWait)                                     // outermost: bounds the whole wait, retries included
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(2),
            MaxRetryAttempts = int.MaxValue,
        })
        .Build();

    /// <summary>
    /// Reopening a failed stream: an overall bound (<see cref="ResumeOptions.MaxOutage"/>), retries with
    /// exponential back-off and jitter on Unavailable (the stage still down) and on an open circuit, and a
    /// circuit breaker that, after <see cref="ResumeOptions.BreakAfter"/> failures running, fails attempts at
    /// once for <see cref="ResumeOptions.BreakFor"/>. Share one per stage address so that every stream to a
    /// dead stage backs off together.
    /// </summary>
    public static ResiliencePipeline ForResume(ResumeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unavailable = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable);
        return new ResiliencePipelineBuilder()
            .AddTimeout(options.MaxOutage)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable).Handle<BrokenCircuitException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstDelay,
                MaxDelay = options.MaxDelay,
                MaxRetryAttempts = int.MaxValue,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = unavailable,
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, options.BreakAfter),
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.BreakFor,
            })
            .Build();
    }

    /// <summary>Waits until the stage at <paramref name="channel"/> reports SERVING on grpc.health.v1.</summary>
    public static async Task WaitUntilServingAsync(GrpcChannel channel, string stage, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(channel);
        RpcException? last = null;
        try
        {
            await Create(maxWait).ExecuteAsync(async ct =>
            {
                try
                {
                    var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
                    if (reply.Status != HealthCheckResponse.Types.ServingStatus.Serving)
                        throw new RpcException(new Status(StatusCode.Unavailable, $"health is {reply.Status}"));
                }
                catch (RpcException ex)
                {
                    last = ex;
                    throw;
                }
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is RpcException or Polly.Timeout.TimeoutRejectedException)
        {
            var why = (ex as RpcException ?? last) is { } rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : "no answer";
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"{stage} at {channel.Target} is not serving after {maxWait.TotalSeconds:F0} s ({why})"));
        }
    }
}
