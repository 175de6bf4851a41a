using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Expotion.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Expotion.Composition;

/// <summary>
/// Composes the three stage streams into the pipeline: frames → Vision.Extract → Smoothing.Align →
/// Music.Generate → audio and events. One task per hop moves messages along; the first failure
/// cancels the rest and is what the caller sees (tagged with the stage's name). Every stage stream is a
/// <see cref="ResumableStageStream{TRequest, TResponse}"/>: a stage that dies mid-stream is resumed (same or
/// another replica behind the address) without a gap or a repeat in its output (features, conditions, audio).
/// </summary>
public sealed partial class PipelineComposer : IPerformer, IEnsembleStages, IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly V1.Vision.VisionClient _vision;
    private readonly V1.Smoothing.SmoothingClient _smoothing;
    private readonly V1.Music.MusicClient _music;
    private readonly ResumeOptions _resume;
    private readonly Polly.ResiliencePipeline _visionReconnect;
    private readonly Polly.ResiliencePipeline _smoothingReconnect;
    private readonly Polly.ResiliencePipeline _musicReconnect;

    /// <param name="security">The token and TLS settings presented to every stage (null: none).</param>
    /// <param name="resume">How the hops resume after their stage fails (null: <see cref="ResumeOptions.Default"/>).</param>
    public PipelineComposer(StageEndpoints endpoints, int maxMessageBytes = ExpotionChannel.DefaultMaxMessageBytes,
        ClientSecurity? security = null, ResumeOptions? resume = null)
    {
        _resume = resume ?? ResumeOptions.Default;
        // One policy (circuit) per stage, so that the streams to a dead stage back off together.
        (_visionReconnect, _smoothingReconnect, _musicReconnect) =
            (ConnectionPolicy.ForResume(_resume), ConnectionPolicy.ForResume(_resume), ConnectionPolicy.ForResume(_resume));
        // A stage with several replicas gets a balanced channel; stages at the same address(es) share one.
        var vision = ExpotionChannel.Create(endpoints.VisionReplicas, maxMessageBytes, security);
        var smoothing = Same(endpoints.SmoothingReplicas, endpoints.VisionReplicas) ? vision
            : ExpotionChannel.Create(endpoints.SmoothingReplicas, maxMessageBytes, security);
        var music = Same(endpoints.MusicReplicas, endpoints.VisionReplicas) ? vision
            : Same(endpoints.MusicReplicas, endpoints.SmoothingReplicas) ? smoothing : ExpotionChannel.Create(endpoints.MusicReplicas, maxMessageBytes, security);
        _channels = new[] { vision, smoothing, music }.Distinct().ToArray();
        _vision = new V1.Vision.VisionClient(vision);
        _smoothing = new V1.Smoothing.SmoothingClient(smoothing);
        _music = new V1.Music.MusicClient(music);
        (VisionChannel, SmoothingChannel, MusicChannel) = (vision, smoothing, music);
    }

    private static bool Same(IReadOnlyList<Uri> a, IReadOnlyList<Uri> b) => a.SequenceEqual(b);

    public GrpcChannel VisionChannel { get; }
    public GrpcChannel SmoothingChannel { get; }
    public GrpcChannel MusicChannel { get; }

    /// <summary>Waits (with retries) until every stage reports SERVING.</summary>
    public async Task WaitUntilServingAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        await ConnectionPolicy.WaitUntilServingAsync(VisionChannel, "vision", maxWait, cancellationToken);
        await ConnectionPolicy.WaitUntilServingAsync(SmoothingChannel, "smoothing", maxWait, cancellationToken);
        await ConnectionPolicy.WaitUntilServingAsync(MusicChannel, "music", maxWait, cancellationToken);
    }

    public IAsyncEnumerable<PerformResponse> PerformAsync(PerformConfig config, IAsyncEnumerable<VideoFrame> frames, CancellationToken cancellationToken) =>
        PerformAsync(config, frames, null, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<PerformResponse> PerformAsync(
        PerformConfig config, IAsyncEnumerable<VideoFrame> frames, DateTime? deadline, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = cts.Token;
        var output = Channel.CreateBounded<PerformResponse>(new BoundedChannelOptions(256) { SingleReader = true });
        var failure = new FirstFailure(cts, output.Writer);

        using var vision = new ResumableStageStream<ExtractRequest, ExtractResponse>(
            new VisionResume(_vision, config.Vision ?? new ExtractConfig()), _visionReconnect, _resume, deadline, ct);
        var visionResponses = vision.ReadAllAsync(ct).GetAsyncEnumerator(ct);
        await using var closeVision = visionResponses;
        var schema = await OpenVisionAsync(vision, visionResponses, ct);
        await output.Writer.WriteAsync(new PerformResponse { Schema = schema }, ct);
        var align = (config.Smoothing ?? new AlignConfig()).Clone();
        align.Schema = schema;
        using var smoothing = new ResumableStageStream<AlignRequest, AlignResponse>(new SmoothingResume(_smoothing, align), _smoothingReconnect, _resume, deadline, ct);
        await StageCall.RunAsync("smoothing", () => smoothing.OpenAsync(ct));
        var smoothingResponses = smoothing.ReadAllAsync(ct).GetAsyncEnumerator(ct);
        await using var closeSmoothing = smoothingResponses;
        var generate = (config.Music ?? new GenerateConfig()).Clone();
        generate.Schema = schema;
        using var music = new ResumableStageStream<GenerateRequest, GenerateResponse>(new MusicResume(_music, generate), _musicReconnect, _resume, deadline, ct);
        await StageCall.RunAsync("music", () => music.OpenAsync(ct));
        var includeFeatures = config.IncludeFeatures;
        Task[] hops =
        [
            failure.Watch("vision", () => SendFramesAsync(frames, vision.RequestStream, ct)),
            failure.Watch("vision", () => ForwardAsync(visionResponses, r => r.Features,
                "smoothing", smoothing.RequestStream, f => new AlignRequest { Frame = f }, new AlignRequest { End = new End() },
                includeFeatures ? f => new PerformResponse { Features = f } : null, output.Writer, ct)),
            failure.Watch("smoothing", () => ForwardAsync(smoothingResponses, r => r.Condition,
                "music", music.RequestStream, c => new GenerateRequest { Condition = c }, new GenerateRequest { End = new End() },
                includeFeatures ? c => new PerformResponse { Condition = c } : null, output.Writer, ct)),
            failure.Watch("music", () => HeardAsync(music, output.Writer, ct)),
        ];
        try
        {
            await foreach (var message in output.Reader.ReadAllAsync(CancellationToken.None))
                yield return message;
        }
        finally
        {
            await StopAsync(cts, hops);
            // On the caller's span (the gateway's Perform, when traced): how often a stage stream was resumed.
            var resumes = vision.Resumes + smoothing.Resumes + music.Resumes;
            if (resumes > 0) Activity.Current?.SetTag("expotion.stream.resumes", resumes);
        }
        failure.ThrowIfFailed();
    }

    /// <summary>Opens vision, which answers with the feature schema; returns it.</summary>
    private static async Task<FeatureSchema> OpenVisionAsync(ResumableStageStream<ExtractRequest, ExtractResponse> vision,
        IAsyncEnumerator<ExtractResponse> responses, CancellationToken ct)
    {
        FeatureSchema? schema = null;
        await StageCall.RunAsync("vision", async () =>
        {
            await vision.OpenAsync(ct);
            if (!await responses.MoveNextAsync() || responses.Current.KindCase != ExtractResponse.KindOneofCase.Schema)
                throw new RpcException(new Status(StatusCode.Internal, "the vision stage did not answer with its feature schema"));
            schema = responses.Current.Schema;
        });
        return schema!;
    }

    private static async Task SendFramesAsync(IAsyncEnumerable<VideoFrame> frames, IClientStreamWriter<ExtractRequest> vision, CancellationToken ct)
    {
        await foreach (var frame in frames.WithCancellation(ct))
            if (!await StageCall.TryWriteAsync(() => vision.WriteAsync(new ExtractRequest { Frame = frame }, ct), ct))
                return;                             // vision ended the call: its status comes on its responses
        if (await StageCall.TryWriteAsync(() => vision.WriteAsync(new ExtractRequest { End = new End() }, ct), ct))
            await StageCall.TryWriteAsync(() => vision.CompleteAsync(), ct);
    }

    /// <summary>
    /// One hop: each item a stage returns goes to the next stage's request stream (and, when asked, to
    /// the output for display); when the stage's responses end, the next stage gets its explicit end.
    /// <paramref name="nextStage"/> names the stage written to (its own failures are reported by the hop reading it).
    /// </summary>
    private static async Task ForwardAsync<TResponse, TItem, TNext>(
        IAsyncEnumerator<TResponse> from, Func<TResponse, TItem?> item,
        string nextStage, IClientStreamWriter<TNext> to, Func<TItem, TNext> request, TNext end,
        Func<TItem, PerformResponse>? echo, ChannelWriter<PerformResponse> output, CancellationToken ct)
        where TItem : class
    {
        while (await from.MoveNextAsync())
        {
            if (item(from.Current) is not { } value) continue;
            if (!await StageCall.TryWriteAsync(() => to.WriteAsync(request(value), ct), ct))
                return;                             // the next stage ended the call: its status comes on its responses
            if (echo is not null) await output.WriteAsync(echo(value), ct);
        }
        if (await StageCall.TryWriteAsync(() => to.WriteAsync(end, ct), ct))
            await StageCall.TryWriteAsync(() => to.CompleteAsync(), ct);
    }

    /// <summary>The music hop: what the stage plays (audio, events, its summary) to the output, which it completes at the end.</summary>
    private static async Task HeardAsync(ResumableStageStream<GenerateRequest, GenerateResponse> music, ChannelWriter<PerformResponse> output, CancellationToken ct)
    {
        await foreach (var response in music.ReadAllAsync(ct))
            if (Heard(response) is { } message) await output.WriteAsync(message, ct);
        output.TryComplete();
    }

    /// <summary>Stops a composition: cancels its hops and waits for every one of them (their failures are the <see cref="FirstFailure"/>'s).</summary>
    private static async Task StopAsync(CancellationTokenSource cts, Task[] hops)
    {
        await cts.CancelAsync();
        await Task.WhenAll(hops.Select(h => h.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    /// <summary>What a music response is on the pipeline's output (checkpoints stay between the composer and the stage).</summary>
    private static PerformResponse? Heard(GenerateResponse response) => response.KindCase switch
    {
        GenerateResponse.KindOneofCase.Audio => new PerformResponse { Audio = response.Audio },
        GenerateResponse.KindOneofCase.Event => new PerformResponse { Event = response.Event },
        GenerateResponse.KindOneofCase.Summary => new PerformResponse { Summary = response.Summary },
        _ => null,
    };

    public void Dispose()
    {
        foreach (var channel in _channels) channel.Dispose();
    }
}
