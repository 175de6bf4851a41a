using System.Diagnostics;

namespace Expotion.V1;

/// <summary>
/// The hop stamps (<see cref="HopTimes"/>) of a stage's inputs, kept until an output that depends on them is sent, so that
/// the stage can pass them on with its own stamp added (the latency budget of issue 14: every hop measured, not estimated).
/// Inputs arrive in timestamp order; each lookup forgets what no later output can need. Only inputs that carry stamps are
/// kept (a client that stamps nothing costs nothing), and at most <see cref="Capacity"/> of them. Thread-safe: the request
/// reader adds while the stage's loop takes. With a <c>sinceArrival</c> timer (the stage's per-frame latency histogram) every
/// input is kept, stamped or not, with its local arrival time, and each lookup that finds one reports how long ago it arrived.
/// </summary>
public sealed class HopLedger(Action<TimeSpan>? sinceArrival = null)
{
    /// <summary>Inputs kept at most (the oldest goes first): ten seconds of 50 Hz conditions.</summary>
    public const int Capacity = 512;

    private readonly Queue<(long PtsUs, HopTimes? Times, long Arrived)> _entries = new();
    private readonly Lock _lock = new();

    /// <summary>Microseconds since the Unix epoch, the unit of every stamp.</summary>
    public static long NowUs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>An input as it arrives: its stamps (when it has any) kept, after <paramref name="stamp"/>; the input itself returned.</summary>
    public T? Arrived<T>(T? input, Action<HopTimes>? stamp = null) where T : class, IStamped
    {
        if (input is not null) Add(input.PtsUs, input.Timing, stamp);
        return input;
    }

    /// <summary>Keeps <paramref name="times"/> (when there are any) for the input at <paramref name="ptsUs"/>, after <paramref name="stamp"/>.</summary>
    public void Add(long ptsUs, HopTimes? times, Action<HopTimes>? stamp = null)
    {
        if (times is null && sinceArrival is null) return;
        var copy = times?.Clone();
        if (copy is not null) stamp?.Invoke(copy);
        lock (_lock)
        {
            if (_entries.Count == Capacity) _entries.Dequeue();
            _entries.Enqueue((ptsUs, copy, Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>
    /// The stamps of the first input at or after <paramref name="ptsUs"/> (the one that released an output at that time, as
    /// in causal smoothing), or of the newest input when none is that late yet; a copy, with <paramref name="stamp"/> applied.
    /// Inputs before <paramref name="ptsUs"/> are forgotten, except the newest.
    /// </summary>
    public HopTimes? AtOrAfter(long ptsUs, Action<HopTimes> stamp)
    {
        (long, HopTimes?, long)? found = null;
        lock (_lock)
        {
            while (_entries.Count > 1 && _entries.Peek().PtsUs < ptsUs) _entries.Dequeue();   // the newest always stays
            if (_entries.Count > 0) found = _entries.Peek();
        }
        return Found(found, stamp);
    }

    /// <summary>
    /// The stamps of the newest input before <paramref name="endUs"/> (the last condition an audio chunk covers), a copy with
    /// <paramref name="stamp"/> applied; inputs before it are forgotten. Null when no stamped input is that early.
    /// </summary>
    public HopTimes? NewestBefore(long endUs, Action<HopTimes> stamp)
    {
        (long, HopTimes?, long)? found = null;
        lock (_lock)
        {
            while (_entries.Count > 0 && _entries.Peek().PtsUs < endUs) found = _entries.Dequeue();
        }
        return Found(found, stamp);
    }

    private HopTimes? Found((long PtsUs, HopTimes? Times, long Arrived)? entry, Action<HopTimes> stamp)
    {
        if (entry is not { } e) return null;
        sinceArrival?.Invoke(Stopwatch.GetElapsedTime(e.Arrived));
        if (e.Times is not { } times) return null;
        var copy = times.Clone();
        stamp(copy);
        return copy;
    }
}
