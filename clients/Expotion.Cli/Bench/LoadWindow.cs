namespace Expotion.Cli.Bench;

/// <summary>
/// When the load bench's streams stop sending, on the shared clock. The measured window begins once the warm-up is
/// over and the pipeline is in a steady state (<see cref="SteadyState"/>), and lasts the measured length from there: until
/// then the streams keep sending, up to <see cref="LatestStop"/> (the warm-up, the longest wait, and the measured length).
/// </summary>
internal sealed class LoadWindow(TimeSpan latestStop)
{
    private long _stopTicks = latestStop.Ticks;

    public TimeSpan Stop => TimeSpan.FromTicks(Volatile.Read(ref _stopTicks));

    public TimeSpan LatestStop { get; } = latestStop;

    /// <summary>Measures from <paramref name="from"/> for <paramref name="length"/> (clamped to <see cref="LatestStop"/>).</summary>
    public void MeasureFrom(TimeSpan from, TimeSpan length) =>
        Volatile.Write(ref _stopTicks, Math.Min((from + length).Ticks, LatestStop.Ticks));
}

/// <summary>
/// Whether a lossless run has reached a steady state: at most <see cref="FramesPerStream"/> frames per stream behind
/// (due by the frame rate and not yet analysed: one being analysed, one on the wire; a frame held back by push-back counts),
/// i.e. no backlog left from a cold start, once as many
/// have come back per stream (the pipeline is running, not just not yet sent to). A live run
/// (vision drops the oldest waiting frame) bounds its queue itself and is steady once the warm-up is over.
/// </summary>
internal static class SteadyState
{
    public const int FramesPerStream = 2;

    /// <summary>How long past the warm-up the bench waits for a steady state before it measures anyway (and says so).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public static bool Reached(LoadOptions options, long framesDue, long featuresBack) =>
        featuresBack >= (long)FramesPerStream * options.Streams
        && (options.LiveQueue > 0 || framesDue - featuresBack <= (long)FramesPerStream * options.Streams);
}

/// <summary>Frames due by now across the streams: each sends one every 1/fps from its own start.</summary>
internal sealed class FramesDue(IReadOnlyList<TimeSpan> startsAt, double fps)
{
    public long At(TimeSpan now)
    {
        long due = 0;
        foreach (var start in startsAt)
            if (now >= start) due += (long)Math.Floor((now - start).TotalSeconds * fps) + 1;
        return due;
    }
}
