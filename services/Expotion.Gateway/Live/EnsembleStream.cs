using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Expotion.Composition;
using Expotion.Gateway.Core;
using Expotion.Gateway.Core.Ensemble;
using Expotion.V1;
using Grpc.Core;

namespace Expotion.Gateway.Live;

/// <summary>
/// One ensemble member's Perform stream (a config with <c>ensemble</c> set): their frames go through vision and
/// smoothing on their own stream (<see cref="IEnsembleStages.ConditionsAsync"/>), their condition rows into the session
/// (<see cref="EnsembleRegistry{TOutput}"/>), and what the session's one music stream plays comes back to them, with the
/// session's notices. Their schema (and, with <c>include_features</c>, their own features and conditions) come first.
/// </summary>
public sealed class EnsembleStream(IEnsembleStages stages, EnsembleRegistry<PerformResponse> registry, GatewayMetrics? metrics = null)
{
    private int _unnamed;

    public async IAsyncEnumerable<PerformResponse> RunAsync(PerformConfig config, IAsyncEnumerable<PerformRequest> requests,
        int frameQueue, bool dropStale, PerformStats stats, DateTime? deadline, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ensemble = config.Ensemble;
        var session = SessionName.Validate(ensemble.Session, "ensemble.session");
        var role = EnsembleRoles.Parse(ensemble.Role);
        var name = ensemble.Member is { Length: > 0 } given ? SessionName.Validate(given, "ensemble.member") : $"member-{Interlocked.Increment(ref _unnamed)}";
        var generate = (config.Music ?? new GenerateConfig()).Clone();
        var chunkUs = ProtoPerformFormat.Instance.ChunkUs(config);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = cts.Token;
        var frames = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(Math.Max(1, frameQueue))
        {
            FullMode = dropStale ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true,
        }, _ =>
        {
            stats.FrameDropped();
            metrics?.FramesDropped.Add(1);
        });
        var reader = Task.Run(() => ReadAsync(requests, frames.Writer, stats, ct), CancellationToken.None);
        var conditions = stages.ConditionsAsync(config, frames.Reader.ReadAllAsync(ct), deadline, ct).GetAsyncEnumerator(ct);
        EnsembleMember<PerformResponse>? member = null;
        var output = Channel.CreateBounded<PerformResponse>(new BoundedChannelOptions(256) { SingleReader = true });
        Task[] pumps = [];
        try
        {
            if (!await conditions.MoveNextAsync() || conditions.Current.KindCase != PerformResponse.KindOneofCase.Schema)
                throw new RpcException(new Status(StatusCode.Internal, "the pipeline did not answer with the feature schema"));
            var schema = conditions.Current.Schema;
            generate.Schema = schema;
            member = registry.Join(session, name, role, new SessionLayout(schema.Id, schema.Dims, schema.Names, schema.MotionEnergyIndex, chunkUs),
                (rows, musicCt) => stages.GenerateAsync(generate, rows.Select(ToCondition), null, musicCt));
            yield return conditions.Current;

            var joined = member;
            pumps =
            [
                Task.Run(async () =>
                {
                    while (await conditions.MoveNextAsync())
                    {
                        var r = conditions.Current;
                        if (r.KindCase == PerformResponse.KindOneofCase.Condition) await joined.PushAsync(r.Condition.Index, [.. r.Condition.Values], ct);
                        if (config.IncludeFeatures) await output.Writer.WriteAsync(r, ct);
                    }
                    joined.End();   // the member's frames ended: they hear the piece up to their last row, then leave
                }, CancellationToken.None),
                Task.Run(async () =>
                {
                    await foreach (var heard in joined.Outputs.ReadAllAsync(ct)) await output.Writer.WriteAsync(heard, ct);
                    output.Writer.TryComplete();
                }, CancellationToken.None),
            ];
            _ = Task.WhenAll(pumps).ContinueWith(t => output.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
            _ = reader.ContinueWith(t => { if (t.Exception is { } ex) output.Writer.TryComplete(ex.InnerException); }, TaskScheduler.Default);

            await foreach (var response in output.Reader.ReadAllAsync(cancellationToken))
            {
                switch (response.KindCase)
                {
                    case PerformResponse.KindOneofCase.Audio:
                        stats.Audio(response.Audio.Frames);
                        if (response.Audio.Timing is { } times) times.GatewayOutUs = HopLedger.NowUs();
                        metrics?.AudioOut(response.Audio.Timing);
                        break;
                    case PerformResponse.KindOneofCase.Event:
                        stats.Event();
                        break;
                }
                yield return response;
            }
        }
        finally
        {
            member?.Dispose();
            await cts.CancelAsync();
            await Task.WhenAll(pumps.Append(reader).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            await conditions.DisposeAsync();
        }
    }

    private static ConditionFrame ToCondition(ConditionRow row) => new()
    {
        Index = row.Index, PtsUs = Expotion.Core.TimeGrid.PtsOf(row.Index), Values = { row.Values },
    };

    private async Task ReadAsync(IAsyncEnumerable<PerformRequest> requests, ChannelWriter<VideoFrame> frames, PerformStats stats, CancellationToken ct)
    {
        var lastPts = -1L;
        try
        {
            await foreach (var request in requests.WithCancellation(ct))
            {
                switch (request.KindCase)
                {
                    case PerformRequest.KindOneofCase.Frame:
                        var frame = request.Frame;
                        if (frame.PtsUs <= lastPts)
                            throw new InvalidInputException("frame.pts_us", $"{frame.PtsUs} does not follow {lastPts}; timestamps must increase");
                        lastPts = frame.PtsUs;
                        if (frame.Timing is { } times) times.GatewayInUs = HopLedger.NowUs();
                        stats.FrameIn();
                        await frames.WriteAsync(frame, ct);
                        break;
                    case PerformRequest.KindOneofCase.Update:
                        throw new RpcException(new Status(StatusCode.FailedPrecondition,
                            "update: an ensemble session's prompt is set by the member who opened it; prompt updates are not taken in a session"));
                    case PerformRequest.KindOneofCase.Report:
                        break;
                    case PerformRequest.KindOneofCase.End:
                        frames.TryComplete();
                        return;
                    case PerformRequest.KindOneofCase.Config:
                        throw new InvalidInputException("config", "a config may only be the first message");
                    default:
                        throw new InvalidInputException("kind", "a message with no kind set (expected frame, report or end)");
                }
            }
            frames.TryComplete();
        }
        catch (Exception ex)
        {
            frames.TryComplete(ex);
            throw;
        }
    }
}
