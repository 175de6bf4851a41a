using System.Net;
using Expotion.Hosting;
using Expotion.Tests.Shared;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Expotion.EndToEnd.Tests.Telemetry;

/// <summary>The Prometheus endpoint of a stage host (issue 16): off unless configured; when configured, on its own HTTP/1.1 address beside the gRPC one.</summary>
public sealed class MetricsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StageHost_WithMetricsUrl_ServesMetricsOverHttp1_AndGrpcStillOverHttp2()
    {
        var (grpc, metrics) = ($"http://127.0.0.1:{ProcessRunner.FreePort()}", $"http://127.0.0.1:{ProcessRunner.FreePort()}");
        var app = StageHost.Build(StageRole.Vision, grpc, [], LogLevel.Warning, new Dictionary<string, string?> { ["Telemetry:MetricsUrl"] = metrics });
        await using (app)
        {
            await app.StartAsync(Ct);
            using var http = new HttpClient();
            using var response = await http.GetAsync($"{metrics}/metrics", Ct);   // HTTP/1.1, as Prometheus scrapes
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("expotion_kernels_backend{", text);
            Assert.Contains("service_name=\"expotion-vision\"", text);
            using var channel = GrpcChannel.ForAddress(grpc);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Ct)).Status);
        }
    }

    [Fact]
    public async Task StageHost_WithoutMetricsUrl_HasNoMetricsEndpoint()
    {
        var app = StageHost.Build(StageRole.Vision, "http://127.0.0.1:0", [], LogLevel.Warning);
        await using (app)
        {
            await app.StartAsync(Ct);
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{app.Urls.First()}/metrics")
            {
                Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,   // h2c, the only thing it speaks
            };
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Single(app.Urls);   // no HTTP/1.1 address was opened either
        }
    }
}
