using Expotion.Client;

namespace Expotion.Cli.Hosting;

/// <summary>
/// The embedded default: vision, smoothing and music each in its own Kestrel host on a free loopback
/// port of this process, reached over real gRPC (HTTP/2) exactly as remote stages would be.
/// </summary>
public sealed class EmbeddedStages : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    public StageEndpoints Endpoints { get; private set; } = null!;

    public static async Task<EmbeddedStages> StartAsync(LogLevel minimumLevel, CancellationToken cancellationToken)
    {
        var stages = new EmbeddedStages();
        try
        {
            var urls = new List<Uri>();
            foreach (var role in new[] { StageRole.Vision, StageRole.Smoothing, StageRole.Music })
            {
                var app = StageHost.Build(role, "http://127.0.0.1:0", [], minimumLevel);
                stages._apps.Add(app);
                await app.StartAsync(cancellationToken);
                urls.Add(new Uri(app.Urls.First()));
            }
            stages.Endpoints = new StageEndpoints(urls[0], urls[1], urls[2]);
            return stages;
        }
        catch
        {
            await stages.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync(TimeSpan.FromSeconds(5));
            await app.DisposeAsync();
        }
    }
}
