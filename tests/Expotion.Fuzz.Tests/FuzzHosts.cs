using System.Collections.Concurrent;
using Expotion.Hosting;
using Expotion.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Expotion.Fuzz.Tests;

/// <summary>
/// The services under attack, on loopback as `serve` runs them: the three stages in one Kestrel host and a
/// gateway in another pointing at it. Messages are capped at <see cref="MaxMessageBytes"/> so that oversized
/// ones are cheap to send. Error-level log lines (the "unhandled error" of a bad input that escaped the
/// mapping to a status) are kept.
/// </summary>
public sealed class FuzzHosts : IAsyncLifetime
{
    public const int MaxMessageBytes = 256 * 1024;

    private WebApplication? _stages, _gateway;

    public Uri Stages { get; private set; } = null!;
    public Uri Gateway { get; private set; } = null!;
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Streams open now on both hosts (grpc.health.v1 not counted).</summary>
    public long OpenStreams => Live(_stages!).Count + Live(_gateway!).Count;

    public Uri AddressOf(string service) => service == "gateway" ? Gateway : Stages;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?> { ["Limits:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        void Capture(WebApplicationBuilder b) => b.Logging.AddProvider(new ErrorCapture(Errors));
        _stages = StageHost.Build(StageRole.Stages, "http://127.0.0.1:0", [], LogLevel.Warning, settings, Capture);
        await _stages.StartAsync();
        var stageUrl = _stages.Urls.First();
        _gateway = StageHost.Build(StageRole.Gateway, "http://127.0.0.1:0", [], LogLevel.Warning, new Dictionary<string, string?>(settings)
        {
            ["Gateway:VisionUrl"] = stageUrl, ["Gateway:SmoothingUrl"] = stageUrl, ["Gateway:MusicUrl"] = stageUrl, ["Gateway:WebUrl"] = "none",
        }, Capture);
        await _gateway.StartAsync();
        (Stages, Gateway) = (new Uri(stageUrl), new Uri(_gateway.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _gateway, _stages })
        {
            if (app is null) continue;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static LiveStreams Live(WebApplication app) => app.Services.GetRequiredService<LiveStreams>();

    private sealed class ErrorCapture(ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, errors);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error) errors.Enqueue($"{category}: {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
            }
        }
    }
}
