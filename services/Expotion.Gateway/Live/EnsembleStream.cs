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
        var output = Channel.CreateBounded<PerformResponse>(new BoundedChannelOptions(256) { SingleReader = true });
        var joining = new TaskCompletionSource<EnsembleMember<PerformResponse>>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A bad request ends the stream with its own status, ahead of whatever its end does to the stage streams.
        var reader = Task.Run(() => ReadAsync(requests, frames.Writer, joining.Task, session, stats, ex => output.Writer.TryComplete(ex), ct), CancellationToken.None);
        var conditions = stages.ConditionsAsync(config, frames.Reader.ReadAllAsync(ct), deadline, ct).GetAsyncEnumerator(ct);
        EnsembleMember<PerformResponse>? member = null;
        Task[] pumps = [];
        try
        {
            var first = await SchemaAsync(conditions, output.Reader.Completion);
            var schema = first.Schema;
            generate.Schema = schema;
            member = registry.Join(session, name, role, new SessionLayout(schema.Id, schema.Dims, schema.Names, schema.MotionEnergyIndex, chunkUs),
                (rows, musicCt) => stages.GenerateAsync(generate, rows.Select(ToCondition), null, musicCt));
            joining.TrySetResult(member);
            yield return first;

            var joined = member;
            pumps =
            [
                Task.Run(async () =>
                {
                    while (await conditions.MoveNextAsync())
                    {
                        var r = conditions.Current;
                        // Echoed before it goes into the session, so that the member sees their own row before the audio made from it.
                        if (config.IncludeFeatures) await output.Writer.WriteAsync(r, ct);
                        if (r.KindCase == PerformResponse.KindOneofCase.Condition) await joined.PushAsync(r.Condition.Index, [.. r.Condition.Values], ct);
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
            joining.TrySetCanceled(CancellationToken.None);   // a role change still waiting for the join
            await Task.WhenAll(pumps.Append(reader).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            await conditions.DisposeAsync();
        }
    }

    /// <summary>The pipeline's first answer, the feature schema. A bad request that ended the stream meanwhile (the output
    /// completed with its failure, ahead of the stage streams) is the outcome, not what its end did to the stage streams.</summary>
    private static async Task<PerformResponse> SchemaAsync(IAsyncEnumerator<PerformResponse> conditions, Task failed)
    {
        try
        {
            if (await conditions.MoveNextAsync() && conditions.Current.KindCase == PerformResponse.KindOneofCase.Schema) return conditions.Current;
        }
        catch (Exception) when (failed.IsFaulted)
        {
        }
        if (failed.IsFaulted) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.Exception!.InnerException!);
        throw new RpcException(new Status(StatusCode.Internal, "the pipeline did not answer with the feature schema"));
    }

    private static ConditionFrame ToCondition(ConditionRow row) => new()
    {
        Index = row.Index, PtsUs = Expotion.Core.TimeGrid.PtsOf(row.Index), Values = { row.Values },
    };

    /// <summary>The member's requests: frames (their clock checked against the session's once they have joined), role changes, the end.</summary>
    private static async Task ReadAsync(IAsyncEnumerable<PerformRequest> requests, ChannelWriter<VideoFrame> frames,
        Task<EnsembleMember<PerformResponse>> joined, string session, PerformStats stats, Action<Exception> failed, CancellationToken ct)
    {
        var clock = new MemberClockWatch();
        try
        {
            await foreach (var request in requests.WithCancellation(ct))
            {
                switch (request.KindCase)
                {
                    case PerformRequest.KindOneofCase.Frame:
                        var frame = request.Frame;
                        clock.Frame(frame.PtsUs, HopLedger.NowUs(), joined.IsCompletedSuccessfully ? joined.Result.NowUs : null);
                        if (frame.Timing is { } times) times.GatewayInUs = HopLedger.NowUs();
                        stats.FrameIn();
                        await frames.WriteAsync(frame, ct);
                        break;
                    case PerformRequest.KindOneofCase.Update when request.Update.Prompt.Length > 0:
                        throw new RpcException(new Status(StatusCode.FailedPrecondition,
                            "update: an ensemble session's prompt is set by the member who opened it; prompt updates are not taken in a session"));
                    case PerformRequest.KindOneofCase.Update:
                        if (EnsembleRoles.Parse(request.Update.Role, "update.role") is { } role)
                            (await joined.WaitAsync(ct)).ChangeRole(role);
                        break;
                    case PerformRequest.KindOneofCase.Report:
                        break;
                    case PerformRequest.KindOneofCase.End:
                        frames.TryComplete();
                        return;
                    case PerformRequest.KindOneofCase.Config:
                        throw new InvalidInputException("config",
                            $"a config may only be the first message: this stream belongs to session '{session}'; open a new stream to join another");
                    default:
                        throw new InvalidInputException("kind", "a message with no kind set (expected frame, update, report or end)");
                }
            }
            frames.TryComplete();
        }
        catch (Exception ex)
        {
            if (!ct.IsCancellationRequested) failed(ex);
            frames.TryComplete(ex);
            throw;
        }
    }
}
