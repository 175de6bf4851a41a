using Expotion.ServiceDefaults;
using Expotion.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Expotion.Music.MusicGen.Tests;

/// <summary>Music.Generate with backend "musicgen" over real gRPC (Kestrel on a loopback port), as a client sees it.</summary>
public sealed class MusicServiceTests(TinyModels models) : IClassFixture<TinyModels>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<WebApplication> StartAsync(string modelDir) => MusicGenServer.StartAsync(modelDir);

    private static async Task<(List<GenerateResponse> Responses, RpcException? Error)> GenerateAsync(WebApplication app, int frames)
    {
        using var channel = GrpcChannel.ForAddress(app.Urls.First());
        using var call = new V1.Music.MusicClient(channel).Generate(cancellationToken: Ct);
        var responses = new List<GenerateResponse>();
        try
        {
            await call.RequestStream.WriteAsync(new GenerateRequest
            {
                Config = new GenerateConfig
                {
                    Prompt = "calm jazz piano", Seed = 3, Backend = "musicgen", Channels = 1, ChunkMs = 100,
                    Schema = new FeatureSchema { Id = "test.v1", Dims = TinyModels.ConditionDims },
                    Musicgen = new V1.MusicGenOptions { TopK = 5, GuidanceScale = 2.5 },
                },
            }, Ct);
            for (var i = 0; i < frames; i++)
            {
                var c = Streams.At(i);
                await call.RequestStream.WriteAsync(new GenerateRequest { Condition = new ConditionFrame { Index = c.Index, PtsUs = c.PtsUs, Values = { c.Values } } }, Ct);
            }
            await call.RequestStream.WriteAsync(new GenerateRequest { End = new End() }, Ct);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The stage ended the call while we were still writing (e.g. it refused the config at once): a write then
            // fails with the client's own Cancelled; the stage's status is what the response stream reports below.
        }
        try
        {
            await foreach (var r in call.ResponseStream.ReadAllAsync(Ct)) responses.Add(r);
            return (responses, null);
        }
        catch (RpcException ex) { return (responses, ex); }
    }

    [Fact]
    public async Task Generate_Musicgen_StreamsOneFrameOfAudioPerCondition_ThenSummary()
    {
        await using var app = await StartAsync(models.Adaptor);
        var (responses, error) = await GenerateAsync(app, 30);
        Assert.Null(error);
        var audio = responses.Where(r => r.KindCase == GenerateResponse.KindOneofCase.Audio).Select(r => r.Audio).ToList();
        Assert.Equal(30 * MusicGenModel.SamplesPerFrame, audio.Sum(a => a.Frames));
        Assert.All(audio, a => Assert.Equal(32000, a.SampleRate));
        Assert.Equal(GenerateResponse.KindOneofCase.Summary, responses[^1].KindCase);
        Assert.Equal(30, responses[^1].Summary.FramesIn);
    }

    [Fact]
    public async Task Generate_Musicgen_MissingCodec_FailedPreconditionNamingTheFile()
    {
        var dir = models.Scratch("grpc-missing");
        foreach (var file in Directory.GetFiles(models.Plain))
            if (Path.GetFileName(file) != ModelDirectory.CodecFile) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        await using var app = await StartAsync(dir);
        var (_, error) = await GenerateAsync(app, 3);
        Assert.NotNull(error);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(ModelDirectory.CodecFile, error.Status.Detail);
    }
}
