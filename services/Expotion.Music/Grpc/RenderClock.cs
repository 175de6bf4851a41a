using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Expotion.Music.Grpc;

/// <summary>
/// The time a music backend spends rendering one stream: the time spent inside its output enumerator, less the time it
/// waited there for the next condition. Audio seconds over that is the stream's render real-time factor.
/// </summary>
internal sealed class RenderClock
{
    private long _inside, _waiting;

    /// <summary>The backend's outputs, timing each step it takes to produce one.</summary>
    public async IAsyncEnumerable<T> Rendering<T>(IAsyncEnumerable<T> outputs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var e = outputs.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var more = await e.MoveNextAsync();
            _inside += Stopwatch.GetTimestamp() - start;
            if (!more) yield break;
            yield return e.Current;
        }
    }

    /// <summary>The backend's inputs, timing each wait for one.</summary>
    public async IAsyncEnumerable<T> Waiting<T>(IAsyncEnumerable<T> inputs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var e = inputs.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var more = await e.MoveNextAsync();
            Interlocked.Add(ref _waiting, Stopwatch.GetTimestamp() - start);
            if (!more) yield break;
            yield return e.Current;
        }
    }

    /// <summary>Audio seconds per second rendered; null before any rendering was timed.</summary>
    public double? RealTimeFactor(double audioSeconds)
    {
        var busy = (double)(_inside - Interlocked.Read(ref _waiting)) / Stopwatch.Frequency;
        return audioSeconds > 0 && busy > 1e-6 ? audioSeconds / busy : null;
    }
}
