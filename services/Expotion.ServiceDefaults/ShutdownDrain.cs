using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.ServiceDefaults;

/// <summary>
/// Graceful stop on SIGTERM, in the host's stopping phase, before the server closes its listener:
/// health already says NOT_SERVING (<see cref="LifetimeHealthCheck"/>) and <see cref="LiveStreamInterceptor"/>
/// refuses new streams with Unavailable; open streams get up to <see cref="ShutdownOptions.DrainSeconds"/>
/// to finish; those still open then are ended with Unavailable (<see cref="Expired"/>), and the server stops.
/// </summary>
public sealed class ShutdownDrain(LiveStreams live, IOptions<ShutdownOptions> options, ILogger<ShutdownDrain> logger)
    : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _expired = new();

    /// <summary>Fires when the drain time has run out: streams still open are to end now.</summary>
    public CancellationToken Expired => _expired.Token;

    /// <summary>How long the host must allow for stopping: the drain, the NOT_SERVING notice and a margin.</summary>
    public static TimeSpan HostShutdownTimeout(ShutdownOptions options) =>
        TimeSpan.FromSeconds(Math.Max(options.DrainSeconds, options.NotServingSeconds) + 10);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var open = live.Count;
        ExpotionLog.Draining(logger, open, o.DrainSeconds);
        var started = DateTime.UtcNow;
        var drained = await live.WaitForNoneAsync(TimeSpan.FromSeconds(o.DrainSeconds), cancellationToken);
        var notice = TimeSpan.FromSeconds(o.NotServingSeconds) - (DateTime.UtcNow - started);
        if (notice > TimeSpan.Zero) await Task.Delay(notice, cancellationToken);
        if (!drained)
        {
            var left = live.Count;
            await _expired.CancelAsync();
            // The cut streams end the way cancelled ones do; give them a moment to answer Unavailable.
            await live.WaitForNoneAsync(TimeSpan.FromSeconds(5), cancellationToken);
            ExpotionLog.DrainCut(logger, left);
        }
        ExpotionLog.Drained(logger, open, (DateTime.UtcNow - started).TotalSeconds);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _expired.Dispose();
}
