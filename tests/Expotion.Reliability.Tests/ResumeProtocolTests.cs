using Expotion.Composition;
using Expotion.Core;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Expotion.Reliability.Tests;

/// <summary>
/// The vision and smoothing stages' side of resuming (vision.proto, smoothing.proto: <c>resume</c> and
/// <c>checkpoint</c>), over real gRPC to in-process stages, and the client's checks on what a resumed stage sends.
/// </summary>
public sealed class ResumeProtocolTests
{
    private static VideoFrame Frame(int i) => Frames.PacedAsync(i + 1, TimeSpan.Zero, CancellationToken.None).ToBlockingEnumerable().Last();

    [Fact]
    public async Task VisionStream_Lossless_CheckpointsAfterTheSchemaAndEveryFeaturesMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await InProcessPipeline.StartAsync();
        using var channel = ExpotionChannel.Create(pipeline.Vision);
        using var call = new V1.Vision.VisionClient(channel).Extract(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new ExtractRequest { Config = new ExtractConfig() }, ct);
        for (var i = 0; i < 3; i++) await call.RequestStream.WriteAsync(new ExtractRequest { Frame = Frame(i) }, ct);
        await call.RequestStream.WriteAsync(new ExtractRequest { End = new End() }, ct);
        var kinds = new List<string>();
        await foreach (var r in call.ResponseStream.ReadAllAsync(ct))
            kinds.Add(r.KindCase switch
            {
                ExtractResponse.KindOneofCase.Checkpoint => $"checkpoint {r.Checkpoint.ReplayFromIndex} {r.Checkpoint.PtsUs} {r.Checkpoint.State.Length}",
                ExtractResponse.KindOneofCase.Features => $"features {r.Features.PtsUs}",
                _ => r.KindCase.ToString(),
            });
        Assert.Equal(["Schema", "checkpoint 0 0 33", "features 0", "checkpoint 0 1 33", "features 40000", "checkpoint 1 40001 33",
            "features 80000", "checkpoint 2 80001 33", "Summary"], kinds);
    }

    [Fact]
    public async Task VisionStream_Live_SendsNoCheckpointAndCannotBeResumed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await InProcessPipeline.StartAsync();
        using var channel = ExpotionChannel.Create(pipeline.Vision);
        var client = new V1.Vision.VisionClient(channel);
        using (var call = client.Extract(cancellationToken: ct))
        {
            await call.RequestStream.WriteAsync(new ExtractRequest { Config = new ExtractConfig { LiveFrameQueue = 2 } }, ct);
            await call.RequestStream.WriteAsync(new ExtractRequest { Frame = Frame(0) }, ct);
            await call.RequestStream.WriteAsync(new ExtractRequest { End = new End() }, ct);
            var responses = await call.ResponseStream.ReadAllAsync(ct).ToListAsync(ct);
            Assert.DoesNotContain(responses, r => r.KindCase == ExtractResponse.KindOneofCase.Checkpoint);
            Assert.Contains(responses, r => r.KindCase == ExtractResponse.KindOneofCase.Features);
        }
        var resume = new ResumeFrom { State = ByteString.CopyFrom(new byte[33]), FromPtsUs = 1 };
        var ex = await RefusedAsync(client.Extract(cancellationToken: ct), new ExtractRequest { Config = new ExtractConfig { LiveFrameQueue = 2, Resume = resume } }, ct);
        Assert.Contains("config.resume", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_NotFittingTheConfig_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await InProcessPipeline.StartAsync();
        using var vision = ExpotionChannel.Create(pipeline.Vision);
        using var smoothing = ExpotionChannel.Create(pipeline.Smoothing);
        var visionClient = new V1.Vision.VisionClient(vision);
        var smoothingClient = new V1.Smoothing.SmoothingClient(smoothing);
        // The states of real streams: a vision one at analysis width 160, a smoothing one in causal mode.
        var visionState = await FirstCheckpointAsync(visionClient.Extract(cancellationToken: ct), new ExtractRequest { Config = new ExtractConfig { AnalysisWidth = 160 } },
            r => r.Checkpoint, ct);
        var align = new AlignConfig { Schema = new FeatureSchema { Id = "test", Dims = 2, Names = { "a", "b" } } };
        var smoothingState = await FirstCheckpointAsync(smoothingClient.Align(cancellationToken: ct), new AlignRequest { Config = align }, r => r.Checkpoint, ct);

        // The same configs resume; another analysis width, another smoothing mode, or a partial smoothing replay do not.
        var ok = await FirstCheckpointAsync(visionClient.Extract(cancellationToken: ct), new ExtractRequest
        {
            Config = new ExtractConfig { AnalysisWidth = 160, Resume = new ResumeFrom { State = visionState.State, FromPtsUs = 80_001, ReplayFromIndex = 2 } },
        }, r => r.Checkpoint, ct);
        Assert.Equal(2, ok.ReplayFromIndex);
        var ex = await RefusedAsync(visionClient.Extract(cancellationToken: ct), new ExtractRequest
        {
            Config = new ExtractConfig { AnalysisWidth = 128, Resume = new ResumeFrom { State = visionState.State, FromPtsUs = 80_001, ReplayFromIndex = 2 } },
        }, ct);
        Assert.Contains("config.resume.state", ex.Status.Detail, StringComparison.Ordinal);
        var centred = align.Clone();
        centred.Mode = V1.SmoothingMode.Centred;
        centred.Resume = new ResumeFrom { State = smoothingState.State, FromPtsUs = 20_001 };
        ex = await RefusedAsync(smoothingClient.Align(cancellationToken: ct), new AlignRequest { Config = centred }, ct);
        Assert.Contains("config.resume.state", ex.Status.Detail, StringComparison.Ordinal);
        var partial = align.Clone();
        partial.Resume = new ResumeFrom { State = smoothingState.State, FromPtsUs = 20_001, ReplayFromIndex = 5 };
        ex = await RefusedAsync(smoothingClient.Align(cancellationToken: ct), new AlignRequest { Config = partial }, ct);
        Assert.Contains("config.resume.replay_from_index", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VisionResume_Lossless_RetainsOnlyTheFramesNotYetAnswered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await InProcessPipeline.StartAsync();
        using var channel = ExpotionChannel.Create(pipeline.Vision);
        using var stream = new ResumableStageStream<ExtractRequest, ExtractResponse>(new VisionResume(new V1.Vision.VisionClient(channel), new ExtractConfig()),
            ConnectionPolicy.ForResume(ResumeOptions.Default), null, null, ct);
        await stream.OpenAsync(ct);
        const int count = 20;
        for (var i = 0; i < count; i++) await stream.RequestStream.WriteAsync(new ExtractRequest { Frame = Frame(i) }, ct);
        Assert.Equal(count, stream.Retained);   // none answered yet that the reader has seen
        await stream.RequestStream.WriteAsync(new ExtractRequest { End = new End() }, ct);
        var features = await stream.ReadAllAsync(ct).Where(r => r.KindCase == ExtractResponse.KindOneofCase.Features).CountAsync(ct);
        Assert.Equal(count, features);
        Assert.Equal(1, stream.Retained);       // the last frame: a resume would replay it to rebuild the flow
        Assert.Equal((count - 1) * 40_000L + 1, stream.ReceivedUs);
    }

    [Fact]
    public void ResumeClient_ResumedStageRepeatsOrSkips_RejectsTheOutput()
    {
        var vision = new VisionResume(new V1.Vision.VisionClient(NeverCalled()), new ExtractConfig());
        var features = new ExtractResponse { Features = new FeatureFrame { PtsUs = 40_000 } };
        Assert.Equal(40_001, vision.Advance(features, 40_000));
        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => vision.Advance(features, 40_001)).StatusCode);
        var smoothing = new SmoothingResume(new V1.Smoothing.SmoothingClient(NeverCalled()), new AlignConfig());
        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() =>
            smoothing.Advance(new AlignResponse { Condition = new ConditionFrame { PtsUs = TimeGrid.PeriodUs } }, 40_001)).StatusCode);
        var music = new MusicResume(new V1.Music.MusicClient(NeverCalled()), new GenerateConfig());
        var chunk = new GenerateResponse { Audio = new AudioChunk { PtsUs = 100_000, Frames = 3200, SampleRate = 32000 } };
        Assert.Equal(200_000, music.Advance(chunk, 100_000));
        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => music.Advance(chunk, 0)).StatusCode);          // a hole
        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => music.Advance(chunk, 200_000)).StatusCode);    // a repeat
    }

    /// <summary>A real channel to a closed port: these checks never open a call.</summary>
    private static Grpc.Net.Client.GrpcChannel NeverCalled() => Grpc.Net.Client.GrpcChannel.ForAddress("http://127.0.0.1:9");

    private static async Task<ResumeToken> FirstCheckpointAsync<TRequest, TResponse>(AsyncDuplexStreamingCall<TRequest, TResponse> call, TRequest config,
        Func<TResponse, ResumeToken?> checkpoint, CancellationToken ct)
    {
        using (call)
        {
            await call.RequestStream.WriteAsync(config, ct);
            await foreach (var r in call.ResponseStream.ReadAllAsync(ct))
                if (checkpoint(r) is { } token) return token;
            throw new InvalidOperationException("no checkpoint");
        }
    }

    private static async Task<RpcException> RefusedAsync<TRequest, TResponse>(AsyncDuplexStreamingCall<TRequest, TResponse> call, TRequest config, CancellationToken ct)
    {
        using (call)
        {
            await call.RequestStream.WriteAsync(config, ct);
            var ex = await Assert.ThrowsAsync<RpcException>(async () => { await foreach (var _ in call.ResponseStream.ReadAllAsync(ct)) { } });
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
            return ex;
        }
    }
}
