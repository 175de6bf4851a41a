using Expotion.V1;

namespace Expotion.ServiceDefaults;

public static class StreamStatsMapping
{
    /// <summary>The stage's last response: what the stream did.</summary>
    public static StreamSummary ToSummary(this StreamStats stats) => new()
    {
        FramesIn = stats.In, FramesOut = stats.Out, FramesDropped = stats.Dropped,
        LastPtsUs = stats.LastPtsUs, ElapsedSeconds = stats.Elapsed.TotalSeconds,
    };
}
