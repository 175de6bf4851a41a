using Expotion.EndToEnd.Tests.Security;
using Expotion.Hosting;
using Microsoft.Extensions.Logging;

namespace Expotion.EndToEnd.Tests;

/// <summary>Starts a stage host with settings and stops it again, capturing its log: for tests of what a host does when it starts.</summary>
internal static class HostStartStop
{
    public static async Task<LogCapture> RunAsync(StageRole roles, Dictionary<string, string?> settings, CancellationToken ct)
    {
        var logs = new LogCapture();
        var app = StageHost.Build(roles, "http://127.0.0.1:0", [], LogLevel.Information, settings, b => b.Logging.AddProvider(logs));
        try
        {
            await app.StartAsync(ct);
            await app.StopAsync(ct);
        }
        finally
        {
            await app.DisposeAsync();
        }
        return logs;
    }
}
