using Expotion.Composition;
using Expotion.ServiceDefaults;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Expotion.EndToEnd.Tests.Security;

/// <summary>
/// The configurable limits, over real Kestrel on loopback: streams per client, message size and frame size are
/// each answered with ResourceExhausted and a message naming the setting that changes them.
/// </summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task StreamLimit_ClientOverIt_GetsResourceExhaustedAndOthersDoNot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await SecuredPipeline.StartAsync(new Dictionary<string, string?>
        {
            ["Limits:MaxStreamsPerClient"] = "2", ["Auth:Tokens:0"] = "alice-token", ["Auth:Tokens:1"] = "bob-token",
        });
        using var alice = StageCalls.Channel(pipeline.Stages, new ClientSecurity(Token: "alice-token"));
        using var bob = StageCalls.Channel(pipeline.Stages, new ClientSecurity(Token: "bob-token"));
        var open = new List<AsyncDuplexStreamingCall<ExtractRequest, ExtractResponse>>();
        try
        {
            for (var i = 0; i < 2; i++) open.Add(await OpenVisionAsync(alice, ct));
            var refused = await Assert.ThrowsAsync<RpcException>(() => OpenVisionAsync(alice, ct));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Contains("Limits:MaxStreamsPerClient", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("bearer token #1 already has 2 streams open (limit 2)", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("Limits__MaxStreamsPerClient", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("Summary", await StageCalls.SmoothingAsync(bob, ct));     // another client is not affected

            var first = open[0];
            open.RemoveAt(0);
            await first.RequestStream.WriteAsync(new ExtractRequest { End = new End() }, ct);
            await first.RequestStream.CompleteAsync();
            while (await first.ResponseStream.MoveNext(ct)) { }
            first.Dispose();
            Assert.Equal("Summary", await StageCalls.VisionAsync(alice, ct));      // a closed stream frees its place
            Assert.Equal(2, pipeline.StageServices.GetRequiredService<ClientStreamCounter>().OpenBy("bearer token #1") + 1);
        }
        finally
        {
            foreach (var call in open) call.Dispose();
        }
    }

    [Fact]
    public async Task MessageSizeLimit_MessageOverIt_ResourceExhaustedNamingTheSetting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await SecuredPipeline.StartAsync(new Dictionary<string, string?> { ["Limits:MaxMessageBytes"] = "65536" });
        using var channel = StageCalls.Channel(pipeline.Stages);
        using var call = new V1.Vision.VisionClient(channel).Extract(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new ExtractRequest { Config = new ExtractConfig() }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        var refused = await StageCalls.RefusalAsync(call.ResponseStream,
            () => call.RequestStream.WriteAsync(new ExtractRequest { Frame = Gray(320, 240) }, ct), ct);   // 76,800 bytes
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Limits:MaxMessageBytes: a message is larger than 65536 bytes", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Limits__MaxMessageBytes", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PixelLimit_FrameOverIt_ResourceExhaustedNamingTheSetting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await SecuredPipeline.StartAsync(new Dictionary<string, string?> { ["Limits:MaxFramePixels"] = "10000" });
        using var channel = StageCalls.Channel(pipeline.Stages);
        using var call = new V1.Vision.VisionClient(channel).Extract(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new ExtractRequest { Config = new ExtractConfig() }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        var refused = await StageCalls.RefusalAsync(call.ResponseStream, async () =>
        {
            await call.RequestStream.WriteAsync(new ExtractRequest { Frame = Gray(64, 48) }, ct);    // 3,072 pixels: fine
            await call.RequestStream.WriteAsync(new ExtractRequest { Frame = Gray(200, 100, ptsUs: 33_333) }, ct);  // 20,000: over
        }, ct);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Limits:MaxFramePixels: a 200x100 frame has 20000 pixels, over the limit of 10000", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Limits__MaxFramePixels", refused.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<AsyncDuplexStreamingCall<ExtractRequest, ExtractResponse>> OpenVisionAsync(
        Grpc.Net.Client.GrpcChannel channel, CancellationToken ct)
    {
        var call = new V1.Vision.VisionClient(channel).Extract(cancellationToken: ct);
        try
        {
            await call.RequestStream.WriteAsync(new ExtractRequest { Config = new ExtractConfig() }, ct);
            if (!await call.ResponseStream.MoveNext(ct)) throw new InvalidOperationException("no schema");
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    private static VideoFrame Gray(int width, int height, long ptsUs = 0) => new()
    {
        PtsUs = ptsUs, Width = width, Height = height, Format = PixelFormat.Gray8, Data = ByteString.CopyFrom(new byte[width * height]),
    };
}
