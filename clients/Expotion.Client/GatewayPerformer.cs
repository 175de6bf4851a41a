using System.Runtime.CompilerServices;
using Expotion.Composition;
using Expotion.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Expotion.Client;

/// <summary>The pipeline behind a gateway's single Pipeline.Perform stream.</summary>
public sealed class GatewayPerformer(Uri address, int maxMessageBytes = ExpotionChannel.DefaultMaxMessageBytes, ClientSecurity? security = null)
    : IPerformer, IDisposable
{
    private readonly GrpcChannel _channel = ExpotionChannel.Create(address, maxMessageBytes, security);

    public Task WaitUntilServingAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        ConnectionPolicy.WaitUntilServingAsync(_channel, "gateway", maxWait, cancellationToken);

    public IAsyncEnumerable<PerformResponse> PerformAsync(PerformConfig config, IAsyncEnumerable<VideoFrame> frames, CancellationToken cancellationToken) =>
        PerformAsync(config, frames, null, cancellationToken);

    public async IAsyncEnumerable<PerformResponse> PerformAsync(PerformConfig config, IAsyncEnumerable<VideoFrame> frames, DateTime? deadline,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = new Pipeline.PipelineClient(_channel).Perform(deadline: deadline, cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(new PerformRequest { Config = config }, cts.Token);
        Exception? sendFailure = null;
        var sender = Task.Run(async () =>
        {
            try
            {
                await foreach (var frame in frames.WithCancellation(cts.Token))
                    await call.RequestStream.WriteAsync(new PerformRequest { Frame = frame }, cts.Token);
                await call.RequestStream.WriteAsync(new PerformRequest { End = new End() }, cts.Token);
                await call.RequestStream.CompleteAsync();
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                // The call ended (its answer, its deadline or our caller's cancellation): what the reader saw is the outcome.
            }
            catch (RpcException) when (!cts.IsCancellationRequested)
            {
                // The gateway ended the call while we were writing (e.g. Unauthenticated, a bad config): a write then fails with
                // a bare Cancelled, and the call's real status comes on the responses, which the reader reports.
            }
            catch (Exception ex)
            {
                sendFailure = ex;                   // e.g. the video could not be read: end the call, report this
                await cts.CancelAsync();
            }
        }, CancellationToken.None);
        try
        {
            while (true)
            {
                bool more;
                try { more = await call.ResponseStream.MoveNext(cts.Token); }
                catch (Exception) when (sendFailure is not null) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(sendFailure); throw; }
                if (!more) break;
                yield return call.ResponseStream.Current;
            }
        }
        finally
        {
            await cts.CancelAsync();
            await sender;
        }
    }

    public void Dispose() => _channel.Dispose();
}
