using System.Net.WebSockets;
using Expotion.Composition;
using Expotion.Hosting;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Logging;

namespace Expotion.EndToEnd.Tests.Security;

/// <summary>
/// The token check on every service over real Kestrel on loopback: no token or a wrong one is refused with
/// Unauthenticated and a message, the right token (or API key) is served, health stays open, the live page's
/// WebSocket takes its token as a subprotocol or in the query string, and no secret reaches the log.
/// </summary>
public sealed class AuthTests
{
    private const string Token = "right-token-4f1c9a7e";
    private const string ApiKey = "right-key-88b2d0c3";
    private const string WrongToken = "wrong-token-0d3b7f21";

    private static Dictionary<string, string?> AuthOn() => new()
    {
        ["Auth:Tokens:0"] = Token,
        ["Auth:ApiKeys:0"] = ApiKey,
    };

    [Fact]
    public async Task EveryService_MissingWrongAndRightTokens_RefusesTheFirstTwoAndServesTheRightOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await SecuredPipeline.StartAsync(AuthOn());
        foreach (var (service, call) in StageCalls.All)
        {
            var address = pipeline.ServiceAddress(service);
            using (var none = StageCalls.Channel(address))
            {
                var refused = await Assert.ThrowsAsync<RpcException>(() => call(none, ct));
                Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
                Assert.Contains("no credentials", refused.Status.Detail, StringComparison.Ordinal);
            }
            using (var wrong = StageCalls.Channel(address, new ClientSecurity(Token: WrongToken)))
            {
                var refused = await Assert.ThrowsAsync<RpcException>(() => call(wrong, ct));
                Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
                Assert.Contains("bearer token is not accepted", refused.Status.Detail, StringComparison.Ordinal);
            }
            using (var wrongKey = StageCalls.Channel(address, new ClientSecurity(ApiKey: WrongToken)))
                Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => call(wrongKey, ct))).StatusCode);
            using (var right = StageCalls.Channel(address, new ClientSecurity(Token: Token)))
                Assert.Equal("Summary", await call(right, ct));
            using (var key = StageCalls.Channel(address, new ClientSecurity(ApiKey: ApiKey)))
                Assert.Equal("Summary", await call(key, ct));
        }
    }

    [Fact]
    public async Task Health_NoToken_AnswersForProbes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await SecuredPipeline.StartAsync(AuthOn());
        foreach (var address in new[] { pipeline.Stages, pipeline.Gateway })
        {
            using var channel = StageCalls.Channel(address);
            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        }
    }

    [Fact]
    public async Task Auth_NoTokensConfigured_IsOffAndSaysSo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await SecuredPipeline.StartAsync(new Dictionary<string, string?>());
        using var channel = StageCalls.Channel(pipeline.Stages);
        Assert.Equal("Summary", await StageCalls.VisionAsync(channel, ct));
        Assert.Contains(pipeline.Logs.Lines, l => l.Contains("auth is off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LivePageSocket_Token_TakenAsASubprotocolOrInTheQuery()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await SecuredPipeline.StartAsync(AuthOn());
        var socketUrl = new UriBuilder(pipeline.Web) { Scheme = "ws", Path = "/perform" }.Uri;

        var (status, reason) = await OpenAndConfigureAsync(socketUrl, null, ct);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.StartsWith("Unauthenticated: no token", reason, StringComparison.Ordinal);

        (status, reason) = await OpenAndConfigureAsync(new Uri($"{socketUrl}?token={WrongToken}"), null, ct);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.StartsWith("Unauthenticated: the bearer token is not accepted", reason, StringComparison.Ordinal);

        (status, reason) = await OpenAndConfigureAsync(new Uri($"{socketUrl}?token={Token}"), null, ct);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);

        (status, reason) = await OpenAndConfigureAsync(socketUrl, ["expotion", "expotion.token." + Token], ct);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
    }

    [Fact]
    public async Task Log_CallsWithSecrets_NeverHoldsTheSecrets()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await SecuredPipeline.StartAsync(AuthOn());
        foreach (var (service, call) in StageCalls.All)
        {
            var address = pipeline.ServiceAddress(service);
            using var wrong = StageCalls.Channel(address, new ClientSecurity(Token: WrongToken));
            await Assert.ThrowsAsync<RpcException>(() => call(wrong, ct));
            using var right = StageCalls.Channel(address, new ClientSecurity(Token: Token));
            await call(right, ct);
            using var key = StageCalls.Channel(address, new ClientSecurity(ApiKey: ApiKey));
            await call(key, ct);
        }
        var socketUrl = new UriBuilder(pipeline.Web) { Scheme = "ws", Path = "/perform" }.Uri;
        await OpenAndConfigureAsync(new Uri($"{socketUrl}?token={WrongToken}"), null, ct);
        await OpenAndConfigureAsync(socketUrl, ["expotion", "expotion.token." + Token], ct);

        var log = pipeline.Logs.All;
        Assert.Contains("unauthenticated call", log, StringComparison.Ordinal);     // the refusals were logged …
        Assert.Contains("auth is on: 1 bearer token(s), 1 API key(s)", log, StringComparison.Ordinal);
        foreach (var secret in new[] { Token, ApiKey, WrongToken })
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);                   // … without any secret
    }

    [Fact]
    public async Task EmbeddedStages_AuthOn_AreReachedWithTheirOwnToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stages = await EmbeddedStages.StartAsync(LogLevel.Warning, ct, AuthOn());
        Assert.Equal(Token, stages.Security.Token);
        using var composer = new PipelineComposer(stages.Endpoints, security: stages.Security);
        await composer.WaitUntilServingAsync(TimeSpan.FromSeconds(10), ct);
        var responses = new List<PerformResponse>();
        await foreach (var response in composer.PerformAsync(new PerformConfig { Music = new GenerateConfig { Prompt = "calm piano" } }, Frames(15), ct))
            responses.Add(response);
        Assert.Contains(responses, r => r.KindCase == PerformResponse.KindOneofCase.Audio);
        Assert.Equal(PerformResponse.KindOneofCase.Summary, responses[^1].KindCase);
    }

    [Fact]
    public async Task TokensFile_Mounted_WorksAndTheGatewayReachesTheStagesWithItsFirstToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, ["# tokens, one per line (a Kubernetes Secret)", "gateway-token-1", "", "client-token-2"], ct);
            await using var pipeline = await SecuredPipeline.StartAsync(new Dictionary<string, string?> { ["Auth:TokensFile"] = file });
            using var client = StageCalls.Channel(pipeline.Gateway, new ClientSecurity(Token: "client-token-2"));
            Assert.Equal("Summary", await StageCalls.GatewayAsync(client, ct));    // the gateway called the stages with gateway-token-1
            using var comment = StageCalls.Channel(pipeline.Stages, new ClientSecurity(Token: "# tokens, one per line (a Kubernetes Secret)"));
            Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => StageCalls.VisionAsync(comment, ct))).StatusCode);
            Assert.Contains("auth is on: 2 bearer token(s)", pipeline.Logs.All, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Gray frames with a moving bar, 30 fps.</summary>
    internal static async IAsyncEnumerable<VideoFrame> Frames(int count)
    {
        const int w = 64, h = 48;
        for (var i = 0; i < count; i++)
        {
            var pixels = new byte[w * h];
            for (var y = 0; y < h; y++) pixels[y * w + (i * 3 % w)] = 255;
            yield return new VideoFrame { PtsUs = i * 33_333L, Width = w, Height = h, Format = PixelFormat.Gray8, Data = ByteString.CopyFrom(pixels) };
            await Task.Yield();
        }
    }

    /// <summary>Opens the live page socket, sends a config and an end, and returns how the gateway closed it.</summary>
    private static async Task<(WebSocketCloseStatus? Status, string? Reason)> OpenAndConfigureAsync(Uri url, string[]? protocols, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        foreach (var protocol in protocols ?? []) socket.Options.AddSubProtocol(protocol);
        await socket.ConnectAsync(url, ct);
        try
        {
            var config = new PerformRequest { Config = new PerformConfig { Music = new GenerateConfig { Prompt = "calm piano" } } }.ToByteArray();
            await socket.SendAsync(config, WebSocketMessageType.Binary, true, ct);
            await socket.SendAsync(new PerformRequest { End = new End() }.ToByteArray(), WebSocketMessageType.Binary, true, ct);
        }
        catch (WebSocketException) { /* already closed by the gateway */ }
        var buffer = new byte[1 << 20];
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) break;
        }
        if (socket.State == WebSocketState.CloseReceived)
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", ct);
        return (socket.CloseStatus, socket.CloseStatusDescription);
    }
}
