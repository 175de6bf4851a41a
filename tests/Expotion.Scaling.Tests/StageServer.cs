using Expotion.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Expotion.Scaling.Tests;

/// <summary>
/// One stage in its own Kestrel host on a free loopback port (as <c>expotion serve</c> runs it), counting the
/// calls it receives: stage streams and health checks apart.
/// </summary>
public sealed class StageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;
    private long _streams, _healthChecks;

    /// <summary>Calls to the stage's own service (expotion.v1.*).</summary>
    public long Streams => Interlocked.Read(ref _streams);

    /// <summary>Calls to grpc.health.v1.</summary>
    public long HealthChecks => Interlocked.Read(ref _healthChecks);

    private StageServer(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public static async Task<StageServer> StartAsync(StageRole role, IDictionary<string, string?>? settings = null, string url = "http://127.0.0.1:0")
    {
        var app = StageHost.Build(role, url, [], LogLevel.Warning, settings);
        StageServer? server = null;
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/expotion.v1.", StringComparison.Ordinal)) Interlocked.Increment(ref server!._streams);
            else if (path.StartsWith("/grpc.health.v1.", StringComparison.Ordinal)) Interlocked.Increment(ref server!._healthChecks);
            return next(context);
        });
        await app.StartAsync();
        server = new StageServer(app, new Uri(app.Urls.First()));
        return server;
    }

    /// <summary>Stops the host (its open streams are aborted) as a killed replica would disappear.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync(TimeSpan.FromSeconds(1));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
