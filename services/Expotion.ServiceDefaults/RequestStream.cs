using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Expotion.ServiceDefaults.Telemetry;
using Grpc.Core;

namespace Expotion.ServiceDefaults;

/// <summary>
/// Reading the request side of an Expotion stream: a config message first, then items, then an
/// explicit end (or a half-close). Protocol violations become <see cref="InvalidInputException"/>.
/// </summary>
public static class RequestStream
{
    /// <summary>Reads the first message, which must be the config.</summary>
    public static async Task<TConfig> ReadConfigAsync<TRequest, TConfig>(
        this IAsyncStreamReader<TRequest> requests, Func<TRequest, TConfig?> config, CancellationToken cancellationToken)
        where TConfig : class
    {
        if (!await requests.MoveNext(cancellationToken))
            throw new InvalidInputException("config", "the stream ended before its config message");
        return config(requests.Current)
            ?? throw new InvalidInputException("config", $"the first message must be a config, got {Describe(requests.Current)}");
    }

    /// <summary>
    /// The items after the config, until an end message or half-close, read ahead into a bounded
    /// queue by one reader task so that reading overlaps processing. By default a full queue stops the
    /// reader, and HTTP/2 flow control pushes back to the client (nothing is lost). With
    /// <paramref name="dropped"/> set (live streams), a full queue instead drops its oldest item, reports
    /// it there, and goes on reading: the sender is never held up and the memory held stays
    /// <paramref name="queueDepth"/> items. The queue's depth shows in <see cref="QueueDepths"/> as <paramref name="queueName"/>.
    /// </summary>
    public static async IAsyncEnumerable<TItem> ReadItemsAsync<TRequest, TItem>(
        this IAsyncStreamReader<TRequest> requests,
        Func<TRequest, TItem?> item,
        Func<TRequest, bool> isEnd,
        int queueDepth,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        Action<TItem>? dropped = null,
        string? queueName = null)
        where TItem : class
    {
        var queue = Channel.CreateBounded<TItem>(new BoundedChannelOptions(Math.Max(1, queueDepth))
        {
            FullMode = dropped is null ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
            SingleReader = true, SingleWriter = true,
        }, dropped);
        using var tracked = QueueDepths.Track(queueName ?? typeof(TItem).Name, queue.Reader);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(async () =>
        {
            try
            {
                while (await requests.MoveNext(stop.Token))
                {
                    var message = requests.Current;
                    if (isEnd(message)) break;
                    var value = item(message)
                        ?? throw new InvalidInputException("kind", $"expected an item or end after the config, got {Describe(message)}");
                    await queue.Writer.WriteAsync(value, stop.Token);
                }
                queue.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                queue.Writer.TryComplete(ex);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var value in queue.Reader.ReadAllAsync(cancellationToken))
                yield return value;
        }
        finally
        {
            await stop.CancelAsync();
            await reader;
        }
    }

    private static string Describe<T>(T message) =>
        message is Google.Protobuf.IMessage m ? $"{{ {m} }}".Replace("\n", " ", StringComparison.Ordinal)[..Math.Min(120, m.ToString()!.Length + 4)] : "nothing";
}
