using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Expotion.V1;
using Grpc.Core;

namespace Expotion.Composition;

public sealed partial class PipelineComposer
{
    /// <inheritdoc />
    public async IAsyncEnumerable<PerformResponse> ConditionsAsync(PerformConfig config, IAsyncEnumerable<VideoFrame> frames, DateTime? deadline,
        [EnumeratorCancellation] CancellationToken cancellationToken)
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
        var includeFeatures = config.IncludeFeatures;
        Task[] hops =
        [
            failure.Watch("vision", () => SendFramesAsync(frames, vision.RequestStream, ct)),
            failure.Watch("vision", () => ForwardAsync(visionResponses, r => r.Features,
                "smoothing", smoothing.RequestStream, f => new AlignRequest { Frame = f }, new AlignRequest { End = new End() },
                includeFeatures ? f => new PerformResponse { Features = f } : null, output.Writer, ct)),
            failure.Watch("smoothing", async () =>
            {
                await foreach (var response in smoothing.ReadAllAsync(ct))
                    if (response.Condition is { } condition) await output.Writer.WriteAsync(new PerformResponse { Condition = condition }, ct);
                output.Writer.TryComplete();
            }),
        ];
        try
        {
            await foreach (var message in output.Reader.ReadAllAsync(CancellationToken.None))
                yield return message;
        }
        finally
        {
            await StopAsync(cts, hops);
        }
        failure.ThrowIfFailed();
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PerformResponse> GenerateAsync(GenerateConfig config, IAsyncEnumerable<ConditionFrame> conditions, DateTime? deadline,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = cts.Token;
        var output = Channel.CreateBounded<PerformResponse>(new BoundedChannelOptions(256) { SingleReader = true });
        var failure = new FirstFailure(cts, output.Writer);
        using var music = new ResumableStageStream<GenerateRequest, GenerateResponse>(new MusicResume(_music, config), _musicReconnect, _resume, deadline, ct);
        await StageCall.RunAsync("music", () => music.OpenAsync(ct));
        Task[] hops =
        [
            failure.Watch("music", async () =>
            {
                await foreach (var condition in conditions.WithCancellation(ct))
                    if (!await StageCall.TryWriteAsync(() => music.RequestStream.WriteAsync(new GenerateRequest { Condition = condition }, ct), ct))
                        return;                     // music ended the call: its status comes on its responses
                if (await StageCall.TryWriteAsync(() => music.RequestStream.WriteAsync(new GenerateRequest { End = new End() }, ct), ct))
                    await StageCall.TryWriteAsync(() => music.RequestStream.CompleteAsync(), ct);
            }),
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
        }
        failure.ThrowIfFailed();
    }
}
