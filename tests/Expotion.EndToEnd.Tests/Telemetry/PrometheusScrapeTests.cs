using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Expotion.Tests.Shared;
using Grpc.Core;

namespace Expotion.EndToEnd.Tests.Telemetry;

/// <summary>
/// Metrics (issue 16) against real parts: Debian's Prometheus (installed by scripts/setup.sh) scrapes `expotion-server serve all`
/// on loopback, with auth on, while a performance runs through its gateway; its HTTP API must then hold the per-stage
/// latency histograms, the counters and gauges, and no label may carry the prompt, the token or an address.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PrometheusScrapeTests(PipelineFixture fixture)
{
    private const string Prometheus = "/usr/bin/prometheus";
    private const string Token = "scrape-test-token-5b9e1c";
    private const string Prompt = "violins over rain, secret-prompt-7f3a";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServeAll_ScrapedByPrometheus_HasTheStageFiguresAndNoSecretsInLabels()
    {
        Assert.SkipUnless(File.Exists(Prometheus), $"{Prometheus} is missing: scripts/setup.sh installs Debian's prometheus package");
        var folder = Directory.CreateTempSubdirectory("expotion-prom-").FullName;
        var (grpcPort, webPort, promPort) = (ProcessRunner.FreePort(), ProcessRunner.FreePort(), ProcessRunner.FreePort());
        var gateway = new Uri($"http://127.0.0.1:{grpcPort}");
        var metricsUrl = $"http://127.0.0.1:{webPort}";
        using var server = ProcessRunner.Start("dotnet", [ProcessRunner.AppDll("expotion-server"), "serve", "all", "--urls", gateway.ToString()], environment: new Dictionary<string, string>
        {
            ["Gateway__WebUrl"] = metricsUrl,
            ["Telemetry__MetricsUrl"] = metricsUrl,   // the page address serves the scrape endpoint too
            ["Auth__Tokens__0"] = Token,
        });
        var configFile = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: expotion
                scrape_interval: 1s
                static_configs:
                  - targets: ['127.0.0.1:{webPort}']
            """, Ct);
        using var prometheus = ProcessRunner.Start(Prometheus, [$"--config.file={configFile}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{promPort}"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            // The scrape endpoint answers without a token (the documented policy: like grpc.health, open; nothing secret in it).
            var scrape = await WaitForAsync(async () =>
            {
                using var r = await http.GetAsync($"{metricsUrl}/metrics", Ct);
                return r.StatusCode == HttpStatusCode.OK ? await r.Content.ReadAsStringAsync(Ct) : null;
            }, "serve all's /metrics");
            Assert.Contains("expotion_kernels_backend", scrape);

            // A performance presents the token, as any call to a host with auth on must.
            var chunks = await TelemetryPerformance.RunAsync(gateway, fixture.SampleVideo, Prompt, new Metadata { { "authorization", "Bearer " + Token } }, Ct);
            Assert.True(chunks > 0);

            string[] positive =
            [
                "expotion_vision_frame_duration_seconds_count", "expotion_smoothing_frame_duration_seconds_count",
                "expotion_music_frame_duration_seconds_count", "expotion_gateway_frame_duration_seconds_count",
                "expotion_music_render_real_time_factor_count", "expotion_client_capture_to_heard_duration_seconds_count",
                "http_server_request_duration_seconds_count", "expotion_kernels_backend",
            ];
            foreach (var name in positive)
                await WaitForAsync(async () => await SumAsync(http, promPort, name, Ct) is > 0 ? "" : null, $"{name} > 0 in Prometheus");
            foreach (var queue in new[] { "vision.frames", "smoothing.features", "music.conditions", "gateway.frames" })
                Assert.NotNull(await SumAsync(http, promPort, $"expotion_queue_depth{{expotion_queue=\"{queue}\"}}", Ct));
            Assert.Equal(2, await SumAsync(http, promPort, "expotion_client_underruns_total", Ct));
            Assert.Equal(1, await SumAsync(http, promPort, "expotion_client_skips_total", Ct));
            Assert.True(await SumAsync(http, promPort, "expotion_music_streams_resumed_total", Ct) is null or 0);
            await WaitForAsync(async () => await SumAsync(http, promPort, "expotion_streams_live", Ct) is 0 ? "" : null, "expotion_streams_live back at 0");
            Assert.True(await SumAsync(http, promPort, "expotion_music_render_real_time_factor_sum", Ct) > 1, "the conductor renders faster than real time");

            // Every query of the Grafana dashboard (deploy/grafana) is valid PromQL here, and answers once its metrics exist.
            var exposed = await http.GetStringAsync($"{metricsUrl}/metrics", Ct);
            using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(ProcessRunner.RepoRoot, "deploy", "grafana", "expotion.json"), Ct));
            var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
                .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
            Assert.True(queries.Count >= 15);
            foreach (var expr in queries)
            {
                var query = expr.Replace("$__rate_interval", "1m", StringComparison.Ordinal);
                var names = System.Text.RegularExpressions.Regex.Matches(System.Text.RegularExpressions.Regex.Replace(query, @"\b(by|without)\s*\([^)]*\)|\{[^}]*\}", ""),
                    @"\b(expotion|http_server)_[a-z_]+\b").Select(m => m.Value).ToList();
                var answers = names.All(n => exposed.Contains(n, StringComparison.Ordinal));
                // A rate needs two scrapes of a series: wait for them when the metrics are there.
                await WaitForAsync(async () =>
                {
                    using var answer = await http.GetAsync($"http://127.0.0.1:{promPort}/api/v1/query?query={Uri.EscapeDataString(query)}", Ct);
                    var body = await answer.Content.ReadAsStringAsync(Ct);
                    Assert.True(answer.IsSuccessStatusCode, $"{query}: {body}");
                    return !answers || JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("result").GetArrayLength() > 0 ? body : null;
                }, $"dashboard query {query}");
            }

            // No series label holds the prompt, the token or an address (Prometheus' own target label aside).
            using var series = JsonDocument.Parse(await http.GetStringAsync(
                $"http://127.0.0.1:{promPort}/api/v1/series?match[]={Uri.EscapeDataString("{job=\"expotion\"}")}", Ct));
            var labels = series.RootElement.GetProperty("data").EnumerateArray().SelectMany(s => s.EnumerateObject())
                .Where(l => l.Name != "instance").Select(l => (l.Name, Value: l.Value.GetString() ?? "")).ToList();
            Assert.True(labels.Count > 50, $"only {labels.Count} labels scraped");
            Assert.DoesNotContain(labels, l => l.Value.Contains("secret-prompt", StringComparison.Ordinal) || l.Value.Contains(Token, StringComparison.Ordinal));
            Assert.DoesNotContain(labels, l => l.Value.Contains("127.0.0.1", StringComparison.Ordinal) || l.Name.Contains("peer", StringComparison.Ordinal)
                                               || l.Name.StartsWith("client_", StringComparison.Ordinal));
            Assert.DoesNotContain("secret-prompt", scrape, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var p in new[] { server, prometheus })
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync(CancellationToken.None);
            }
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The sum over every series of an instant query for <paramref name="metric"/>; null when there is none yet.</summary>
    private static async Task<double?> SumAsync(HttpClient http, int port, string metric, CancellationToken ct)
    {
        var query = Uri.EscapeDataString($"sum({metric})");
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query={query}", ct));
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls until <paramref name="probe"/> gives a value (30 s at most; a connection refused counts as not yet).</summary>
    private static async Task<string> WaitForAsync(Func<Task<string?>> probe, string what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                if (await probe() is { } value) return value;
            }
            catch (HttpRequestException ex) { last = ex; }
            await Task.Delay(250, Ct);
        }
        throw new TimeoutException($"{what}: not there after 30 s ({last?.Message ?? "no value"})");
    }
}
