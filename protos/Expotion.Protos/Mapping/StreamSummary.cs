namespace Expotion.V1;

public sealed partial class StreamSummary
{
    /// <summary>The stage's last response: what the stream did.</summary>
    public static StreamSummary From(StreamStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new()
        {
            FramesIn = stats.In, FramesOut = stats.Out, FramesDropped = stats.Dropped,
            LastPtsUs = stats.LastPtsUs, ElapsedSeconds = stats.Elapsed.TotalSeconds,
        };
    }
}
