using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.ServiceDefaults.Warmup;

/// <summary>
/// Runs every registered <see cref="IStageWarmup"/> in <see cref="StartAsync"/>. ASP.NET Core starts hosted services
/// before the server binds its addresses, so a warming host neither accepts streams nor answers health checks:
/// clients and readiness probes see it once it is warm (SERVING means warm). A warm-up that fails is logged and does
/// not stop the host; the stage then meets its first stream cold, as it would have without one.
/// </summary>
internal sealed class StageWarmupService(IEnumerable<IStageWarmup> warmups, IOptions<WarmupOptions> options, ILogger<StageWarmupService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        o.Validate();
        foreach (var warmup in warmups)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var what = await warmup.WarmUpAsync(o, cancellationToken).ConfigureAwait(false);
                WarmupLog.WarmedUp(logger, warmup.Stage, what, clock.Elapsed.TotalMilliseconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                WarmupLog.Failed(logger, ex, warmup.Stage, clock.Elapsed.TotalMilliseconds);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class WarmupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: {Stage} ran {What} in {Ms:F0} ms before listening")]
    public static partial void WarmedUp(ILogger logger, string stage, string what, double ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up: {Stage} failed after {Ms:F0} ms; its first stream starts cold")]
    public static partial void Failed(ILogger logger, Exception exception, string stage, double ms);
}
