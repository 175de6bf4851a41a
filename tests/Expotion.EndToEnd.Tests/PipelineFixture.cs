using Expotion.Hosting;
using Expotion.Client.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Expotion.EndToEnd.Tests;

/// <summary>
/// Real Kestrel hosts on loopback, shared by the end-to-end tests: the three stages (one host each,
/// as `compose` runs them) and a gateway host pointing at them; plus the sample video, written once.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    private EmbeddedStages? _stages;
    private WebApplication? _gateway;

    public EmbeddedStages Stages => _stages!;
    public Uri Gateway { get; private set; } = null!;
    public string Folder { get; } = Directory.CreateTempSubdirectory("expotion-e2e-").FullName;
    public string SampleVideo { get; private set; } = null!;
    public SamplePerformer Performer { get; } = new();

    public async ValueTask InitializeAsync()
    {
        SampleVideo = Path.Combine(Folder, "sample.mp4");
        await Client.Media.SampleVideo.WriteAsync(Performer, SampleVideo, null, CancellationToken.None);
        _stages = await EmbeddedStages.StartAsync(LogLevel.Warning, CancellationToken.None);
        _gateway = StageHost.Build(StageRole.Gateway, "http://127.0.0.1:0", [], LogLevel.Warning, new Dictionary<string, string?>
        {
            ["Gateway:VisionUrl"] = _stages.Endpoints.Vision.ToString(),
            ["Gateway:SmoothingUrl"] = _stages.Endpoints.Smoothing.ToString(),
            ["Gateway:MusicUrl"] = _stages.Endpoints.Music.ToString(),
        });
        await _gateway.StartAsync();
        Gateway = new Uri(_gateway.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null) { await _gateway.StopAsync(); await _gateway.DisposeAsync(); }
        if (_stages is not null) await _stages.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    public string TempFile(string name) => Path.Combine(Folder, $"{Guid.NewGuid():N}-{name}");
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
