using Expotion.Hosting;
using Expotion.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Expotion.Reliability.Tests;

/// <summary>
/// The three stages and a gateway, each its own Kestrel host on a loopback port of this process (real gRPC
/// between them), with each host's <see cref="LiveStreams"/> at hand so that a test can count the streams
/// every stage is serving.
/// </summary>
internal sealed class InProcessPipeline : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    public Uri Gateway { get; private set; } = null!;
    /// <summary>The stages' own addresses (<see cref="Music"/> is the external one when given).</summary>
    public Uri Vision { get; private set; } = null!;
    public Uri Smoothing { get; private set; } = null!;
    public Uri Music { get; private set; } = null!;
    public LiveStreams GatewayStreams { get; private set; } = null!;
    public LiveStreams VisionStreams { get; private set; } = null!;
    public LiveStreams SmoothingStreams { get; private set; } = null!;
    /// <summary>Null when the music stage is external.</summary>
    public LiveStreams? MusicStreams { get; private set; }

    /// <summary>Every host's counter here, named.</summary>
    public IEnumerable<(string Name, LiveStreams Streams)> All =>
        MusicStreams is null
            ? [("gateway", GatewayStreams), ("vision", VisionStreams), ("smoothing", SmoothingStreams)]
            : [("gateway", GatewayStreams), ("vision", VisionStreams), ("smoothing", SmoothingStreams), ("music", MusicStreams)];

    /// <param name="externalMusic">A music stage elsewhere (e.g. a child process) to use instead of one hosted here.</param>
    public static async Task<InProcessPipeline> StartAsync(Uri? externalMusic = null)
    {
        var pipeline = new InProcessPipeline();
        try
        {
            var vision = await pipeline.HostAsync(StageRole.Vision, null);
            var smoothing = await pipeline.HostAsync(StageRole.Smoothing, null);
            var music = externalMusic is null ? await pipeline.HostAsync(StageRole.Music, null) : null;
            var gateway = await pipeline.HostAsync(StageRole.Gateway, new Dictionary<string, string?>
            {
                ["Gateway:VisionUrl"] = vision.Urls.First(),
                ["Gateway:SmoothingUrl"] = smoothing.Urls.First(),
                ["Gateway:MusicUrl"] = externalMusic?.ToString() ?? music!.Urls.First(),
                ["Gateway:WebUrl"] = "none",
            });
            pipeline.Gateway = new Uri(gateway.Urls.First());
            (pipeline.Vision, pipeline.Smoothing) = (new Uri(vision.Urls.First()), new Uri(smoothing.Urls.First()));
            pipeline.Music = externalMusic ?? new Uri(music!.Urls.First());
            (pipeline.VisionStreams, pipeline.SmoothingStreams, pipeline.GatewayStreams) = (Live(vision), Live(smoothing), Live(gateway));
            pipeline.MusicStreams = music is null ? null : Live(music);
            return pipeline;
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until no host serves a stream; false (with the counts) if that takes longer than <paramref name="timeout"/>.</summary>
    public async Task<(bool Drained, string Counts)> WaitForNoStreamsAsync(TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (All.Any(s => s.Streams.Count > 0) && DateTime.UtcNow < end) await Task.Delay(50);
        return (All.All(s => s.Streams.Count == 0), Counts());
    }

    public string Counts() => string.Join(", ", All.Select(s => $"{s.Name} {s.Streams.Count}"));

    private static LiveStreams Live(WebApplication app) => app.Services.GetRequiredService<LiveStreams>();

    private async Task<WebApplication> HostAsync(StageRole role, Dictionary<string, string?>? settings)
    {
        var app = StageHost.Build(role, "http://127.0.0.1:0", [], LogLevel.Warning, settings);
        _apps.Add(app);
        await app.StartAsync();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await _apps[i].StopAsync(stop.Token);
            await _apps[i].DisposeAsync();
        }
    }
}
