using Expotion.Composition;
using Expotion.ServiceDefaults.Security;

namespace Expotion.Hosting;

/// <summary>
/// The embedded default: vision, smoothing and music each in its own Kestrel host on a free loopback
/// port of this process, reached over real gRPC (HTTP/2) exactly as remote stages would be.
/// </summary>
public sealed class EmbeddedStages : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    public StageEndpoints Endpoints { get; private set; } = null!;

    /// <summary>
    /// What a client of these stages presents: with auth on (Auth:Tokens, Auth:TokensFile or Auth:ApiKeys in the environment or
    /// configuration, as for <c>serve</c>), the first configured token (or key); else nothing.
    /// </summary>
    public ClientSecurity Security { get; private set; } = ClientSecurity.None;

    public static async Task<EmbeddedStages> StartAsync(LogLevel minimumLevel, CancellationToken cancellationToken,
        IDictionary<string, string?>? settings = null)
    {
        var stages = new EmbeddedStages();
        try
        {
            var urls = new List<Uri>();
            foreach (var role in new[] { StageRole.Vision, StageRole.Smoothing, StageRole.Music })
            {
                // One process, one exporter: OpenTelemetry's listeners see every host's spans and meters, so only the first
                // host exports (OTLP, the scrape endpoint); the others would send each span again.
                var own = urls.Count == 0 ? settings : new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
                {
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
                    ["Telemetry:MetricsUrl"] = "",
                    ["Telemetry:Traces"] = "false",
                };
                var app = StageHost.Build(role, "http://127.0.0.1:0", [], minimumLevel, own);
                stages._apps.Add(app);
                await app.StartAsync(cancellationToken);
                urls.Add(new Uri(app.Urls.First()));
            }
            stages.Endpoints = new StageEndpoints(urls[0], urls[1], urls[2]);
            stages.Security = OwnCredentials(stages._apps[0].Configuration);
            return stages;
        }
        catch
        {
            await stages.DisposeAsync();
            throw;
        }
    }

    private static ClientSecurity OwnCredentials(IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new();
        return auth.FirstToken() is { } token ? new ClientSecurity(Token: token)
            : auth.ApiKeys.FirstOrDefault(k => !string.IsNullOrWhiteSpace(k)) is { } key ? new ClientSecurity(ApiKey: key.Trim())
            : ClientSecurity.None;
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
