using System.Net;
using System.Net.Sockets;
using Expotion.Hosting;

namespace Expotion.Cli.Bench;

/// <summary>
/// `serve all` in this process on a free loopback port: the gateway and the three stages it composes on one address, for
/// the benches that go through <c>Pipeline.Perform</c> (prompt switches, ensembles). Stopped when disposed.
/// </summary>
internal sealed class InProcessGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessGateway(WebApplication app, Uri url) => (_app, Url) = (app, url);

    public Uri Url { get; }

    /// <param name="settings">More settings for the host (e.g. <c>Gateway:Ensemble:MaxMembers</c>).</param>
    public static async Task<InProcessGateway> StartAsync(IReadOnlyDictionary<string, string?>? settings, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var all = new Dictionary<string, string?> { ["Gateway:VisionUrl"] = url, ["Gateway:SmoothingUrl"] = url, ["Gateway:MusicUrl"] = url };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var app = StageHost.Build(StageRole.All, url, [], LogLevel.Warning, all);
        await app.StartAsync(ct);
        return new InProcessGateway(app, new Uri(url));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(5));
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
