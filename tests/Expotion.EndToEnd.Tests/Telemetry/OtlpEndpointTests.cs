using System.Collections.Concurrent;
using Expotion.Hosting;
using Expotion.Tests.Shared;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Expotion.EndToEnd.Tests.Telemetry;

/// <summary>A bad OTLP endpoint (issue 16, "Bad input"): one warning at start, and the service runs.</summary>
public sealed class OtlpEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MalformedEndpoint_OneWarning_ServiceRuns()
    {
        var warnings = await StartAndCollectWarningsAsync("collector:4317 (not a url)", "is not an http:// or https:// URL");
        Assert.Single(warnings);
        Assert.Contains("collector:4317 (not a url)", warnings[0]);
    }

    [Fact]
    public async Task UnreachableEndpoint_OneWarning_ServiceRuns()
    {
        var port = ProcessRunner.FreePort();   // nothing listens there
        var warnings = await StartAndCollectWarningsAsync($"http://127.0.0.1:{port}", "is not reachable");
        Assert.Single(warnings);
        Assert.Contains($"127.0.0.1:{port}", warnings[0]);
    }

    private static async Task<List<string>> StartAndCollectWarningsAsync(string endpoint, string expected)
    {
        var logs = new WarningLogs();
        var app = StageHost.Build(StageRole.Smoothing, "http://127.0.0.1:0", [], LogLevel.Information,
            new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint }, b => b.Logging.AddProvider(logs));
        await using (app)
        {
            await app.StartAsync(Ct);
            using var channel = GrpcChannel.ForAddress(app.Urls.First());
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Ct);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
            for (var i = 0; i < 100 && !logs.Lines.Any(l => l.Contains(expected, StringComparison.Ordinal)); i++) await Task.Delay(100, Ct);
            await Task.Delay(500, Ct);   // a second warning would come now
            return logs.Lines.Where(l => l.Contains("OTLP", StringComparison.Ordinal) || l.Contains("OTEL_", StringComparison.Ordinal)).ToList();
        }
    }

    private sealed class WarningLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(Lines);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning) lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
