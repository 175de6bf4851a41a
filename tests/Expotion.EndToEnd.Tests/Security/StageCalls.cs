using Expotion.Composition;
using Expotion.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Expotion.EndToEnd.Tests.Security;

/// <summary>
/// The smallest well-formed stream each service answers: a config, then <c>end</c>, read to the last response.
/// Each returns the kind of the last response (a summary when the service accepted the call) or throws the
/// service's <see cref="RpcException"/>.
/// </summary>
public static class StageCalls
{
    public static readonly FeatureSchema Schema = new() { Id = "test", Dims = 2, Names = { "a", "b" }, MotionEnergyIndex = 0 };

    public static async Task<string> VisionAsync(GrpcChannel channel, CancellationToken ct = default)
    {
        using var call = new V1.Vision.VisionClient(channel).Extract(cancellationToken: ct);
        await WriteAllAsync(call.RequestStream, ct, new ExtractRequest { Config = new ExtractConfig() }, new ExtractRequest { End = new End() });
        return await LastAsync(call.ResponseStream, r => r.KindCase.ToString(), ct);
    }

    public static async Task<string> SmoothingAsync(GrpcChannel channel, CancellationToken ct = default)
    {
        using var call = new V1.Smoothing.SmoothingClient(channel).Align(cancellationToken: ct);
        await WriteAllAsync(call.RequestStream, ct, new AlignRequest { Config = new AlignConfig { Schema = Schema } }, new AlignRequest { End = new End() });
        return await LastAsync(call.ResponseStream, r => r.KindCase.ToString(), ct);
    }

    public static async Task<string> MusicAsync(GrpcChannel channel, CancellationToken ct = default)
    {
        using var call = new V1.Music.MusicClient(channel).Generate(cancellationToken: ct);
        await WriteAllAsync(call.RequestStream, ct, new GenerateRequest { Config = new GenerateConfig { Schema = Schema, Prompt = "calm piano" } }, new GenerateRequest { End = new End() });
        return await LastAsync(call.ResponseStream, r => r.KindCase.ToString(), ct);
    }

    public static async Task<string> GatewayAsync(GrpcChannel channel, CancellationToken ct = default)
    {
        using var call = new Pipeline.PipelineClient(channel).Perform(cancellationToken: ct);
        await WriteAllAsync(call.RequestStream, ct, new PerformRequest { Config = new PerformConfig { Music = new GenerateConfig { Prompt = "calm piano" } } }, new PerformRequest { End = new End() });
        return await LastAsync(call.ResponseStream, r => r.KindCase.ToString(), ct);
    }

    /// <summary>
    /// The status a service ends a call with after <paramref name="writes"/>. A write can fail with the client's own
    /// Cancelled when the service has already ended the call (it refused the message at once): the service's status
    /// is then what the response stream reports, so it is read from there.
    /// </summary>
    public static async Task<RpcException> RefusalAsync<TResponse>(IAsyncStreamReader<TResponse> responses, Func<Task> writes, CancellationToken ct)
    {
        try { await writes(); }
        catch (RpcException) { }
        try
        {
            while (await responses.MoveNext(ct)) { }
        }
        catch (RpcException refused)
        {
            return refused;
        }
        throw new Xunit.Sdk.XunitException("the service ended the call without an error");
    }

    /// <summary>Every service, by name, as the tests iterate them.</summary>
    public static readonly IReadOnlyDictionary<string, Func<GrpcChannel, CancellationToken, Task<string>>> All =
        new Dictionary<string, Func<GrpcChannel, CancellationToken, Task<string>>>
        {
            ["vision"] = VisionAsync, ["smoothing"] = SmoothingAsync, ["music"] = MusicAsync, ["gateway"] = GatewayAsync,
        };

    public static GrpcChannel Channel(Uri address, ClientSecurity? security = null) =>
        ExpotionChannel.Create(address, ExpotionChannel.DefaultMaxMessageBytes, security);

    /// <summary>
    /// Sends the messages; a write that fails because the server already ended the call is ignored, so that the
    /// server's own status is what the read that follows throws.
    /// </summary>
    private static async Task WriteAllAsync<T>(IClientStreamWriter<T> requests, CancellationToken ct, params T[] messages)
    {
        try
        {
            foreach (var message in messages) await requests.WriteAsync(message, ct);
            await requests.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException && !ct.IsCancellationRequested) { }
    }

    private static async Task<string> LastAsync<T>(IAsyncStreamReader<T> responses, Func<T, string> kind, CancellationToken ct)
    {
        var last = "none";
        while (await responses.MoveNext(ct)) last = kind(responses.Current);
        return last;
    }
}
