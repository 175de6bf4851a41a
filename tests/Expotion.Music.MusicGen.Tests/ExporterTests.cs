using System.Runtime.InteropServices;
using Expotion.Core;
using Expotion.Music.Core;
using Expotion.ServiceDefaults;
using Expotion.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Expotion.Music.MusicGen.Tests;

/// <summary>
/// The exporter's tiny models (see <see cref="ExportedModels"/>) run by the real backend over gRPC: greedy (top-k 1)
/// guided decoding must give the PyTorch reference's tokens exactly, across window slides, without the adaptor, with
/// the adaptor as contract v1 (the adaptor inside the decoder, rerun every step) and as contract v2 (the condition
/// encoder's prefixes), also with external data. The tokens are read back from the audio: the test codec writes each
/// frame's codes as sign bits, which the master bus's positive gain keeps.
/// </summary>
public sealed class ExporterTests(ExportedModels export) : IClassFixture<ExportedModels>
{
    private const int FrameSamples = 640;
    private const int Bits = 12;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<WebApplication> StartAsync(string modelDir) => MusicGenServer.StartAsync(modelDir, new Dictionary<string, string>
    {
        ["Music:MusicGen:WindowFrames"] = export.Window.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Music:MusicGen:ExtendStrideFrames"] = export.Stride.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // The whole window's rows before a window's first step: the adaptor's training-time (offline) view.
        ["Music:MusicGen:ConditionLookaheadFrames"] = export.Window.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private async Task<(List<float> Audio, RpcException? Error)> GenerateAsync(WebApplication app, int dims)
    {
        using var channel = GrpcChannel.ForAddress(app.Urls.First());
        using var call = new V1.Music.MusicClient(channel).Generate(cancellationToken: Ct);
        var audio = new List<float>();
        try
        {
            await call.RequestStream.WriteAsync(new GenerateRequest
            {
                Config = new GenerateConfig
                {
                    Prompt = export.Prompt, Seed = 11, Backend = "musicgen", Channels = 1, ChunkMs = 100,
                    Schema = new FeatureSchema { Id = "tiny.motion.v1", Dims = dims },
                    Musicgen = new V1.MusicGenOptions { TopK = 1, GuidanceScale = export.Guidance },
                },
            }, Ct);
            for (var i = 0; i < export.Frames; i++)
                await call.RequestStream.WriteAsync(new GenerateRequest { Condition = new ConditionFrame { Index = i, PtsUs = i * TimeGrid.PeriodUs, Values = { export.Conditions[i] } } }, Ct);
            await call.RequestStream.WriteAsync(new GenerateRequest { End = new End() }, Ct);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The stage ended the call while we were writing; its status is what the response stream reports.
        }
        try
        {
            await foreach (var r in call.ResponseStream.ReadAllAsync(Ct))
                if (r.KindCase == GenerateResponse.KindOneofCase.Audio)
                    audio.AddRange(MemoryMarshal.Cast<byte, float>(r.Audio.Data.Span).ToArray());
            return (audio, null);
        }
        catch (RpcException ex) { return (audio, ex); }
    }

    /// <summary>The codes the test codec wrote: a +marker at sample 2 of each frame, then 4 × 12 sign bits every 8 samples.</summary>
    private static List<int[]> ReadTokens(List<float> audio, int frames)
    {
        var first = audio.FindIndex(s => s != 0);
        Assert.True(first >= 2, "no marker in the audio");
        var delay = first - 2; // the master bus's look-ahead
        var result = new List<int[]>();
        for (var f = 0; f < frames; f++)
        {
            var at = delay + f * FrameSamples;
            Assert.True(audio[at + 2] > 0, $"frame {f}: no marker at sample {at + 2}");
            var codes = new int[4];
            for (var k = 0; k < 4; k++)
                for (var b = 0; b < Bits; b++)
                {
                    var s = audio[at + 8 + 8 * (k * Bits + b)];
                    Assert.True(s != 0, $"frame {f}, codebook {k}, bit {b}: silent");
                    if (s > 0) codes[k] |= 1 << b;
                }
            result.Add(codes);
        }
        return result;
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("v1", "adaptor")]
    [InlineData("v2", "adaptor")]
    [InlineData("v2-external", "adaptor")]
    public async Task Generate_OverGrpc_GreedyTokens_AreThePyTorchReference(string model, string reference)
    {
        export.Require();
        await using var app = await StartAsync(export.Model(model));
        var (audio, error) = await GenerateAsync(app, export.Dims);
        Assert.Null(error);
        var tokens = ReadTokens(audio, export.Frames);
        var expected = export.Tokens[reference];
        Assert.Equal(export.Frames, expected.Count);
        for (var f = 0; f < expected.Count; f++)
            Assert.True(expected[f].SequenceEqual(tokens[f]), $"frame {f} (window start {(f < export.Window ? 0 : export.Stride * ((f - export.Window) / export.Stride + 1))}): backend [{string.Join(", ", tokens[f])}], reference [{string.Join(", ", expected[f])}]");
    }

    [Fact]
    public void Reference_AdaptorChangesTheTokens()
    {
        export.Require();
        Assert.NotEqual(
            export.Tokens["plain"].Select(f => string.Join(",", f)),
            export.Tokens["adaptor"].Select(f => string.Join(",", f)));
    }

    [Fact]
    public void Load_V2_ReadsTheConditionEncoder_ContractAndWidth()
    {
        export.Require();
        using var model = MusicGenModel.Load(TinyModels.Options(export.Model("v2")));
        var s = model.Signature;
        Assert.Equal((2, 2, export.Rows, export.Dims), (s.AdaptorVersion, s.Layers, s.ConditionFrames, s.ConditionDims));
        Assert.Equal(new[] { 0, 1 }, s.Prefixed);
        Assert.Equal(export.PromptIds, model.Tokenizer.Encode(export.Prompt));
        using var v1 = MusicGenModel.Load(TinyModels.Options(export.Model("v1")));
        Assert.Equal((1, export.Rows, export.Dims), (v1.Signature.AdaptorVersion, v1.Signature.ConditionFrames, v1.Signature.ConditionDims));
    }

    [Fact]
    public void Decoder_V2_RunsTheConditionEncoderOncePerWindow_WhenTheRowsAreKnown()
    {
        export.Require();
        var options = TinyModels.Options(export.Model("v2"), window: export.Window, stride: export.Stride);
        options.ConditionLookaheadFrames = export.Window;
        using var model = MusicGenModel.Load(options);
        var text = TextConditioning.Encode(model, export.Prompt, Ct);
        using var decoder = new MusicGenDecoder(model, text, new MusicGenSampling(3.0, 1, 0, 1.0), 1, options);
        var store = new ConditionStore();
        for (var i = 0; i < export.Frames; i++) store.Add(new Condition(i, i * TimeGrid.PeriodUs, export.Conditions[i]));
        var finished = new List<int[]>();
        while (decoder.TryStep(store, ended: true, finished, Ct)) { }
        Assert.Equal(export.Frames, finished.Count);
        Assert.Equal(decoder.Slides + 1, decoder.PrefixRuns);
        Assert.True(decoder.Steps > 4 * decoder.PrefixRuns);
    }

    [Fact]
    public void Decoder_V2_Live_RerunsTheConditionEncoderOnlyWhenAFrameArrivesInTheWindow()
    {
        export.Require();
        var options = TinyModels.Options(export.Model("v2"), window: export.Window, stride: export.Stride);
        using var model = MusicGenModel.Load(options);
        var text = TextConditioning.Encode(model, export.Prompt, Ct);
        using var decoder = new MusicGenDecoder(model, text, new MusicGenSampling(3.0, 1, 0, 1.0), 1, options);
        var store = new ConditionStore();
        var finished = new List<int[]>();
        for (var i = 0; i < 5; i++)
        {
            store.Add(new Condition(i, i * TimeGrid.PeriodUs, export.Conditions[i]));
            while (decoder.TryStep(store, ended: false, finished, Ct)) { }
        }
        // One run per condition frame received (each changes a row of the window), however many steps ran.
        Assert.Equal(5, decoder.PrefixRuns);
    }

    [Fact]
    public async Task Generate_V2_SchemaWidthNotTheGraphs_InvalidArgumentNamingFileAndShape()
    {
        export.Require();
        await using var app = await StartAsync(export.Model("v2"));
        var (_, error) = await GenerateAsync(app, export.Dims - 1);
        Assert.NotNull(error);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("config.schema.dims", error.Status.Detail);
        Assert.Contains(ModelDirectory.ConditionEncoderFile, error.Status.Detail);
        Assert.Contains($"[2B, {export.Rows}, {export.Dims}]", error.Status.Detail);
    }

    [Fact]
    public async Task Generate_V2_WithoutConditionEncoder_FailedPreconditionNamingIt()
    {
        export.Require();
        await using var app = await StartAsync(export.Copy("v2", ModelDirectory.ConditionEncoderFile));
        var (_, error) = await GenerateAsync(app, export.Dims);
        Assert.NotNull(error);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(ModelDirectory.ConditionEncoderFile, error.Status.Detail);
    }

    [Fact]
    public async Task Generate_ExternalDataMissing_FailedPreconditionNamingTheDataFile()
    {
        export.Require();
        const string data = ModelDirectory.DecoderFile + "_data";
        Assert.Contains(data, OnnxExternalData.Locations(Path.Combine(export.Model("v2-external"), ModelDirectory.DecoderFile)));
        Assert.Empty(OnnxExternalData.Locations(Path.Combine(export.Model("v2"), ModelDirectory.DecoderFile)));
        await using var app = await StartAsync(export.Copy("v2-external", data));
        var (_, error) = await GenerateAsync(app, export.Dims);
        Assert.NotNull(error);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(data, error.Status.Detail);
    }

    [Fact]
    public void Exporter_Cli_AudiocraftCheckpointAndAdaptor_WritesV2FilesTheBackendLoads()
    {
        export.Require();
        var dir = Path.Combine(export.Root, $"cli-{Guid.NewGuid():N}");
        var (code, stdout, stderr) = ExportedModels.RunScript("musicgen_export.py", "--lm", Path.Combine(export.Root, "checkpoints", "audiocraft"),
            "--heads", "2", "--adaptor", Path.Combine(export.Root, "checkpoints", "diff_tiny.pth"), "--t5-encodec-from", export.Model("v2"), "--out", dir);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("\"layout\": \"audiocraft\"", stdout);
        using var model = MusicGenModel.Load(TinyModels.Options(dir));
        Assert.Equal((2, export.Rows, export.Dims), (model.Signature.AdaptorVersion, model.Signature.ConditionFrames, model.Signature.ConditionDims));
    }

    [Fact]
    public void Exporter_Cli_AdaptorForAnotherBaseModel_RefusedNamingFileTensorAndShapes()
    {
        export.Require();
        var (code, _, stderr) = ExportedModels.RunScript("musicgen_export.py", "--lm", Path.Combine(export.Root, "checkpoints", "huggingface"),
            "--adaptor", Path.Combine(export.Root, "checkpoints", "diff_wrong_width.pth"), "--out", Path.Combine(export.Root, $"refused-{Guid.NewGuid():N}"));
        Assert.Equal(2, code);
        Assert.Contains("diff_wrong_width.pth", stderr);
        Assert.Contains($"pos_emb is [3, {export.Rows}, 12]", stderr);
        Assert.Contains("16]", stderr);
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v1")]
    public void Decoder_WithoutKvCache_WindowRerunEveryStep_SameTokensAsTheReference(string model)
    {
        export.Require();
        // Every step reruns the window from position 0 (use_cache_branch false, cross-attention from the text states,
        // each position's prefix row from condition_offset 0): the graph's other branch, same tokens.
        var options = TinyModels.Options(export.Model(model), cache: false, window: export.Window, stride: export.Stride);
        options.ConditionLookaheadFrames = export.Window;
        using var loaded = MusicGenModel.Load(options);
        var text = TextConditioning.Encode(loaded, export.Prompt, Ct);
        using var decoder = new MusicGenDecoder(loaded, text, new MusicGenSampling(export.Guidance, 1, 0, 1.0), 1, options);
        var store = new ConditionStore();
        for (var i = 0; i < export.Frames; i++) store.Add(new Condition(i, i * TimeGrid.PeriodUs, export.Conditions[i]));
        var finished = new List<int[]>();
        while (decoder.TryStep(store, ended: true, finished, Ct)) { }
        Assert.Equal(export.Tokens["adaptor"].Select(f => string.Join(",", f)), finished.Select(f => string.Join(",", f)));
    }
}
