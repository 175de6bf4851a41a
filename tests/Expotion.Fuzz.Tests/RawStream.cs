using Grpc.Core;
using Grpc.Net.Client;

namespace Expotion.Fuzz.Tests;

/// <summary>
/// A duplex call whose messages are raw bytes (an identity marshaller), so that anything, including bytes that
/// are not protobuf at all, can be sent as a message. Returns the status the server ended the call with.
/// </summary>
public static class RawStream
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static Method<byte[], byte[]> Method(string service, string name) =>
        new(MethodType.DuplexStreaming, service, name, Bytes, Bytes);

    /// <param name="deadline">A server that has not ended the call by then is hanging: the result is DeadlineExceeded.</param>
    public static async Task<Status> RunAsync(GrpcChannel channel, Method<byte[], byte[]> method, FuzzCase fuzz, TimeSpan deadline, CancellationToken ct) =>
        (await RunAsync(channel, method, fuzz, deadline, TimeSpan.Zero, ct)).Status;

    /// <summary>As above, with <paramref name="pace"/> between messages; also returns the last response.</summary>
    public static async Task<(Status Status, byte[]? Last, int Responses)> RunAsync(GrpcChannel channel, Method<byte[], byte[]> method, FuzzCase fuzz,
        TimeSpan deadline, TimeSpan pace, CancellationToken ct)
    {
        byte[]? last = null;
        var responses = 0;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null,
            new CallOptions(deadline: DateTime.UtcNow + deadline, cancellationToken: cancel.Token));
        var reader = Task.Run(async () =>
        {
            try
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    last = call.ResponseStream.Current;
                    responses++;
                }
                return call.GetStatus();
            }
            catch (RpcException ex)
            {
                return ex.Status;
            }
        }, CancellationToken.None);
        try
        {
            foreach (var message in fuzz.Messages)
            {
                if (reader.IsCompleted) break;
                await call.RequestStream.WriteAsync(message, cancel.Token);
                if (pace > TimeSpan.Zero) await Task.Delay(pace, ct);
            }
            if (fuzz.Ending == StreamEnding.HalfClose) await call.RequestStream.CompleteAsync();
            else
            {
                await Task.Delay(20, ct);
                await cancel.CancelAsync();
            }
        }
        catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The server ended the call first (or we cancelled it): its status is what the reader returns.
        }
        var status = await reader;
        return (status, last, responses);
    }
}
