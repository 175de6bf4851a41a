using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.ServiceDefaults.Scheduling;

/// <summary>Applies <see cref="SchedulingOptions.Nice"/> when the host starts, before the stage warms up and listens.</summary>
internal sealed class SchedulingService(IOptions<SchedulingOptions> options, ILogger<SchedulingService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var nice = options.Value.Nice;
        options.Value.Validate();
        if (nice == 0 || !ThreadNice.Supported) return Task.CompletedTask;
        var (set, errno) = ThreadNice.SetAll(nice);
        if (errno == 0) SchedulingLog.Raised(logger, nice, set);
        else SchedulingLog.NotAllowed(logger, nice, errno, ThreadNice.Current());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class SchedulingLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduling: {Threads} threads at nice {Nice}, so per-frame work keeps its deadlines on a busy machine")]
    public static partial void Raised(ILogger logger, int nice, int threads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduling: could not set nice {Nice} (errno {Errno}: raising priority needs root or CAP_SYS_NICE); running at nice {Current}. Scheduling__Nice=0 silences this.")]
    public static partial void NotAllowed(ILogger logger, int nice, int errno, int current);
}
