using System.Diagnostics.Tracing;

namespace Expotion.Cli.Bench;

/// <summary>
/// What this process allocates: every byte (<see cref="GC.GetTotalAllocatedBytes"/>), the part that went to the
/// large-object heap (objects of 85,000 bytes or more, collected only with gen2), and collections per generation.
/// The large-object share is sampled from the runtime's own <c>GCAllocationTick</c> events (one per ~100 KB
/// allocated, naming the heap it went to), the same source `dotnet-trace` and PerfView use; over seconds of
/// frames it is exact to a few percent.
/// </summary>
internal sealed class AllocationMeter : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const int AllocationTickEventId = 10;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private long _sampledLarge, _sampledAll;

    /// <summary>Totals so far.</summary>
    public AllocationSnapshot Now() => new(GC.GetTotalAllocatedBytes(false), Interlocked.Read(ref _sampledLarge), Interlocked.Read(ref _sampledAll),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), DateTime.UtcNow);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource) EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names) return;
        long amount = 0;
        var kind = -1;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == "AllocationAmount64") amount = Convert.ToInt64(payload[i], System.Globalization.CultureInfo.InvariantCulture);
            else if (names[i] == "AllocationKind") kind = Convert.ToInt32(payload[i], System.Globalization.CultureInfo.InvariantCulture);
        }
        Interlocked.Add(ref _sampledAll, amount);
        if (kind == 1) Interlocked.Add(ref _sampledLarge, amount);   // 0 small object heap, 1 large, 2 pinned
    }
}

/// <summary>The allocation counters at one moment (see <see cref="AllocationMeter"/>).</summary>
internal sealed record AllocationSnapshot(long AllocatedBytes, long SampledLargeBytes, long SampledBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, DateTime At)
{
    /// <summary>What happened between <paramref name="earlier"/> and this snapshot, per frame and per minute.</summary>
    public AllocationRate Since(AllocationSnapshot earlier, long frames)
    {
        var minutes = Math.Max(1e-9, (At - earlier.At).TotalMinutes);
        var allocated = AllocatedBytes - earlier.AllocatedBytes;
        var sampled = SampledBytes - earlier.SampledBytes;
        // The sampled share of large objects, applied to the exact total.
        var large = sampled > 0 ? allocated * (double)(SampledLargeBytes - earlier.SampledLargeBytes) / sampled : 0;
        var perFrame = Math.Max(1, frames);
        return new AllocationRate(Math.Round(allocated / 1024.0 / perFrame, 1), Math.Round(large / 1024.0 / perFrame, 1),
            Math.Round(allocated / 1048576.0 / (minutes * 60), 1),
            Math.Round((Gen0 - earlier.Gen0) / minutes, 1), Math.Round((Gen1 - earlier.Gen1) / minutes, 1), Math.Round((Gen2 - earlier.Gen2) / minutes, 1),
            Math.Round((GcPause - earlier.GcPause).TotalMilliseconds / minutes, 1));
    }
}

/// <summary>Allocation over a period: KB per frame sent (all of it, and the large-object heap's part), MB/s, collections per
/// minute, and the time the runtime paused the process for them (<see cref="GC.GetTotalPauseDuration"/>), ms per minute.</summary>
internal sealed record AllocationRate(double KbPerFrame, double LargeKbPerFrame, double MbPerSecond, double Gen0PerMinute, double Gen1PerMinute, double Gen2PerMinute,
    double PauseMsPerMinute)
{
    /// <summary>The collector this process runs (DOTNET_gcServer, DOTNET_gcConcurrent, DOTNET_GCHeapCount, ...).</summary>
    public static string Mode =>
        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {System.Runtime.GCSettings.LatencyMode}";

    public override string ToString() =>
        $"{KbPerFrame:F1} KB/frame ({LargeKbPerFrame:F1} KB large-object heap), {MbPerSecond:F1} MB/s; gen0/1/2 {Gen0PerMinute:F0}/{Gen1PerMinute:F0}/{Gen2PerMinute:F0} per minute; " +
        $"GC pauses {PauseMsPerMinute:F0} ms per minute ({Mode})";
}
