using Expotion.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Expotion.EndToEnd.Tests.Security;

/// <summary>
/// The three stages in one Kestrel host and a gateway in another, both on loopback with the given settings
/// (auth, TLS, limits) and every log line captured at Trace (Microsoft.AspNetCore stays at Warning, as in
/// <see cref="StageHost"/>). The gateway reaches the stages with the first configured token.
/// </summary>
public sealed class SecuredPipeline : IAsyncDisposable
{
    private readonly WebApplication _stages;
    private readonly WebApplication _gateway;

    private SecuredPipeline(WebApplication stages, WebApplication gateway, LogCapture logs)
    {
        (_stages, _gateway, Logs) = (stages, gateway, logs);
        Stages = new Uri(stages.Urls.First());
        Gateway = new Uri(gateway.Urls.First());   // the gRPC address is bound first, the browser address last
    }

    public Uri Stages { get; }
    public Uri Gateway { get; }
    public LogCapture Logs { get; }
    public IServiceProvider StageServices => _stages.Services;

    /// <summary>The gateway's browser (HTTP/1.1) address.</summary>
    public Uri Web => new(_gateway.Urls.Last());

    public Uri ServiceAddress(string service) => service == "gateway" ? Gateway : Stages;

    public static async Task<SecuredPipeline> StartAsync(IDictionary<string, string?> settings, string scheme = "http")
    {
        var logs = new LogCapture();
        void Capture(WebApplicationBuilder b) => b.Logging.AddProvider(logs);
        var stages = StageHost.Build(StageRole.Stages, $"{scheme}://127.0.0.1:0", [], LogLevel.Trace, settings, Capture);
        await stages.StartAsync();
        var stageUrl = stages.Urls.First();
        var gatewaySettings = new Dictionary<string, string?>(settings)
        {
            ["Gateway:VisionUrl"] = stageUrl, ["Gateway:SmoothingUrl"] = stageUrl, ["Gateway:MusicUrl"] = stageUrl,
            ["Gateway:WebUrl"] = $"{scheme}://127.0.0.1:0",
        };
        var gateway = StageHost.Build(StageRole.Gateway, $"{scheme}://127.0.0.1:0", [], LogLevel.Trace, gatewaySettings, Capture);
        await gateway.StartAsync();
        return new SecuredPipeline(stages, gateway, logs);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _gateway, _stages })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
