using System.Diagnostics;

namespace Expotion;

/// <summary>Counters of one stream, filled in by a stage and reported in its summary and log line.</summary>
public sealed class StreamStats
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _in, _out, _dropped, _lastPtsUs = -1;

    public long In => Interlocked.Read(ref _in);
    public long Out => Interlocked.Read(ref _out);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long LastPtsUs => Interlocked.Read(ref _lastPtsUs);
    public TimeSpan Elapsed => _clock.Elapsed;

    public void CountIn(long ptsUs) { Interlocked.Increment(ref _in); Interlocked.Exchange(ref _lastPtsUs, ptsUs); }
    public void CountOut() => Interlocked.Increment(ref _out);
    public void CountDropped() => Interlocked.Increment(ref _dropped);
}
