using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Expotion.Gateway.Core;
using Expotion.ServiceDefaults;
using Expotion.ServiceDefaults.Security;
using Expotion.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Gateway.Live;

/// <summary>
/// <c>GET /perform</c> (WebSocket): the <c>Pipeline.Perform</c> stream for browsers, which cannot open a
/// bidirectional gRPC call. Framing (see protos/expotion/v1/pipeline.proto): each binary WebSocket message is
/// exactly one serialized <see cref="PerformRequest"/> (page → gateway) or <see cref="PerformResponse"/>
/// (gateway → page); no length prefix. The first request must be a config. A normal close from the page
/// ends the stream like <c>end</c>. Failures close the socket with a status (1008 bad input, 1009 too big,
/// 1011 a stage failed, 1013 a stage is unavailable) and the reason in the close description.
/// One receive loop feeds the session; one writer loop owns every send.
/// </summary>
/// <remarks>With auth on (<see cref="CallerAuthenticator"/>), the page sends its token as described in
/// <see cref="SocketCredentials"/>; a socket without a valid one is closed at once with 1008 and
/// "Unauthenticated: &lt;why&gt;" before any message is read.</remarks>
public sealed class PerformSocket(PerformSession session, IOptions<GatewayOptions> options, IOptions<ServiceLimitsOptions> limits,
    CallerAuthenticator authenticator, ILogger<PerformSocket> logger)
{
    public const string Path = "/perform";

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("this is the live page's WebSocket endpoint (Pipeline.Perform messages, protobuf binary)");
            return;
        }
        var check = SocketCredentials.Check(authenticator, http);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(SocketCredentials.Chosen(http));
        var ct = http.RequestAborted;
        if (!check.Accepted)
        {
            GatewayLog.SocketRefused(logger, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", check.Reason);
            using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, Truncate("Unauthenticated: " + check.Reason), closeTimeout.Token);
                // Complete the close handshake (discarding what the page sent meanwhile) so that it sees the reason.
                var discard = new byte[4096];
                while ((await socket.ReceiveAsync(discard, closeTimeout.Token)).MessageType != WebSocketMessageType.Close) { }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
            return;
        }
        var stats = new PerformStats();
        var started = DateTime.UtcNow;
        var outbox = Channel.CreateBounded<PerformResponse>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        var writer = WriteLoopAsync(socket, outbox.Reader, ct);
        var (status, reason) = (WebSocketCloseStatus.NormalClosure, "done");
        try
        {
            var requests = ReceiveAsync(socket, limits.Value.MaxMessageBytes, ct);
            await using var enumerator = requests.GetAsyncEnumerator(ct);
            if (!await enumerator.MoveNextAsync() || enumerator.Current.KindCase != PerformRequest.KindOneofCase.Config)
                throw new InvalidInputException("config", "the first message must be a config");
            var config = enumerator.Current.Config;
            await foreach (var response in session.RunAsync(config, Rest(enumerator), options.Value.LiveFrameQueue, dropStale: true, stats, deadline: null, ct))
                await outbox.Writer.WriteAsync(response, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            (status, reason) = (WebSocketCloseStatus.EndpointUnavailable, "aborted");
        }
        catch (WebSocketException)
        {
            (status, reason) = (WebSocketCloseStatus.EndpointUnavailable, "connection lost");
        }
        catch (InvalidInputException ex)
        {
            (status, reason) = (WebSocketCloseStatus.PolicyViolation, "InvalidArgument: " + ex.Message);
        }
        catch (MessageTooBigException ex)
        {
            (status, reason) = (WebSocketCloseStatus.MessageTooBig, "ResourceExhausted: " + ex.Message);
        }
        catch (RpcException ex)
        {
            (status, reason) = (ex.StatusCode == StatusCode.Unavailable ? (WebSocketCloseStatus)1013 : WebSocketCloseStatus.InternalServerError,
                $"{ex.StatusCode}: {ex.Status.Detail}");
        }
        outbox.Writer.TryComplete();
        try { await writer; } catch (Exception) { /* the socket is gone; nothing more to send */ }
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(status, Truncate(reason), closeTimeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
        }
        GatewayLog.SocketEnded(logger, reason, stats.FramesIn, stats.FramesDropped, stats.Updates, stats.AudioFrames, stats.Events,
            (DateTime.UtcNow - started).TotalSeconds);
    }

    private static async IAsyncEnumerable<PerformRequest> Rest(IAsyncEnumerator<PerformRequest> enumerator)
    {
        while (await enumerator.MoveNextAsync()) yield return enumerator.Current;
    }

    /// <summary>The only sender on the socket.</summary>
    private static async Task WriteLoopAsync(WebSocket socket, ChannelReader<PerformResponse> outbox, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        await foreach (var response in outbox.ReadAllAsync(ct))
        {
            buffer.ResetWrittenCount();
            response.WriteTo(buffer);
            await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Binary, endOfMessage: true, ct);
        }
    }

    /// <summary>Whole binary messages parsed as requests, until the page closes the socket.</summary>
    private static async IAsyncEnumerable<PerformRequest> ReceiveAsync(WebSocket socket, int maxBytes, [EnumeratorCancellation] CancellationToken ct)
    {
        var message = new ArrayBufferWriter<byte>(64 * 1024);
        while (true)
        {
            message.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(message.GetMemory(16 * 1024), ct);
                if (result.MessageType == WebSocketMessageType.Close) yield break;
                message.Advance(result.Count);
                if (message.WrittenCount > maxBytes)
                    throw new MessageTooBigException($"a message over {maxBytes} bytes (Limits:MaxMessageBytes)");
            }
            while (!result.EndOfMessage);
            if (result.MessageType != WebSocketMessageType.Binary)
                throw new InvalidInputException("message", "text messages are not accepted; send binary PerformRequest messages");
            PerformRequest request;
            try
            {
                request = PerformRequest.Parser.ParseFrom(message.WrittenSpan);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new InvalidInputException("message", $"not a PerformRequest: {ex.Message}");
            }
            yield return request;
        }
    }

    /// <summary>A close description holds at most 123 UTF-8 bytes.</summary>
    private static string Truncate(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= 123) return reason;
        var s = reason;
        while (Encoding.UTF8.GetByteCount(s) > 120) s = s[..^1];
        return s + "...";
    }

    private sealed class MessageTooBigException(string message) : Exception(message);
}
