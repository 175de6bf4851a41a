using System.Collections.Concurrent;
using System.Text;
using Grpc.Core;

namespace Expotion.Fuzz.Tests;

/// <summary>What one service answered: streams and messages sent, statuses by code, and the answers that break the rules.</summary>
public sealed class FuzzTally(string service)
{
    private readonly ConcurrentDictionary<StatusCode, int> _byStatus = new();
    private readonly ConcurrentDictionary<string, int> _byKind = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private int _streams, _messages;

    public string Service { get; } = service;
    public int Streams => _streams;
    public int Messages => _messages;
    public IReadOnlyDictionary<StatusCode, int> ByStatus => _byStatus;
    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>
    /// Counts one stream's answer. A violation is a status that says the service broke rather than the input:
    /// Unknown or Internal (an exception escaped), DeadlineExceeded (it hung), Unavailable (it went away) or
    /// Cancelled where the client did not cancel, or a refusal without a message.
    /// </summary>
    public void Add(FuzzCase fuzz, Status status)
    {
        Interlocked.Increment(ref _streams);
        Interlocked.Add(ref _messages, fuzz.Messages.Count);
        _byStatus.AddOrUpdate(status.StatusCode, 1, (_, n) => n + 1);
        _byKind.AddOrUpdate($"{fuzz.Kind} → {status.StatusCode}", 1, (_, n) => n + 1);
        var cancelled = fuzz.Ending == StreamEnding.Cancel;
        var broken = status.StatusCode switch
        {
            StatusCode.Unknown or StatusCode.Internal or StatusCode.DeadlineExceeded => true,
            // When the client itself cancels, Grpc.Net.Client may report its own abort of the request as Unavailable
            // ("Error reading next message. IOException: The request was aborted"): that is the client, not the
            // service; what the service did is checked by the open-stream count and the error log afterwards.
            StatusCode.Unavailable => !cancelled,
            StatusCode.Cancelled => !cancelled,
            StatusCode.OK => false,
            _ => string.IsNullOrWhiteSpace(status.Detail),
        };
        if (broken) _violations.Enqueue($"{Service} {fuzz.Kind}: {status.StatusCode}: {status.Detail}");
    }

    public string Report()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Service}: {Streams} streams, {Messages} messages; by status: "
            + string.Join(", ", _byStatus.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
        foreach (var (kind, n) in _byKind.OrderBy(p => p.Key, StringComparer.Ordinal)) text.AppendLine($"  {kind}: {n}");
        return text.ToString();
    }
}
