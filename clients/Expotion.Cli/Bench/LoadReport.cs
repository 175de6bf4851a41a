namespace Expotion.Cli.Bench;

/// <summary>Latency of one hop over a period: percentiles in milliseconds and the sample count.</summary>
internal sealed record HopLatency(string Hop, double P50Ms, double P99Ms, double MaxMs, int Samples)
{
    public static HopLatency Of(LoadHop hop, LatencyStats stats) =>
        new(hop.ToString().ToLowerInvariant(), stats.Percentile(50), stats.Percentile(99), stats.Percentile(100), stats.Count);
}

/// <summary>The process's memory at one moment.</summary>
/// <param name="WorkingSetMb">Resident memory of the whole process.</param>
/// <param name="GcHeapMb">Bytes the GC reports allocated and live-or-not-yet-collected (<see cref="GC.GetTotalMemory(bool)"/>).</param>
/// <param name="Gen2Collections">Full collections so far.</param>
internal sealed record MemorySample(double WorkingSetMb, double GcHeapMb, int Gen2Collections)
{
    private static readonly System.Diagnostics.Process Self = System.Diagnostics.Process.GetCurrentProcess();

    public static MemorySample Now()
    {
        Self.Refresh();
        return new(Self.WorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0, GC.CollectionCount(2));
    }
}

/// <summary>
/// How busy the machine was: the CPU this process used (in cores, over an interval) and the 1-minute load
/// average of the whole machine (Linux /proc/loadavg; NaN elsewhere), which says how much others took.
/// </summary>
internal sealed record CpuSample(double ProcessCores, double LoadAverage)
{
    private static readonly System.Diagnostics.Process Self = System.Diagnostics.Process.GetCurrentProcess();

    public static TimeSpan ProcessTime()
    {
        Self.Refresh();
        return Self.TotalProcessorTime;
    }

    public static double ReadLoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException) { return double.NaN; }
    }
}

/// <summary>One line of the load bench: what happened in one reporting interval.</summary>
internal sealed record LoadInterval(double AtSeconds, bool WarmUp, long StreamsOpen, double FramesSentPerSecond, double FeaturesPerSecond,
    double AudioRealTime, IReadOnlyList<HopLatency> Latency, MemorySample Memory, CpuSample Cpu, AllocationRate Allocation);

/// <summary>The whole run after the warm-up.</summary>
internal sealed record LoadSummary(int Streams, double Fps, double Seconds, int FrameWidth, int FrameHeight, int Cores, string Stages,
    long FramesSent, long FeaturesBack, long FramesNotAnalysed, double AudioSeconds, double AudioRealTimePerStream, long StreamErrors,
    double FramesPerSecond, IReadOnlyList<HopLatency> Latency, MemorySample MemoryFirst, MemorySample MemoryPeak, MemorySample MemoryLast,
    double ProcessCores, double LoadAverage, AllocationRate Allocation, IReadOnlyList<HopLatency> Budget, IReadOnlyList<LoadInterval> Intervals)
{
    /// <summary>Where the measured window began on the run's clock (the warm-up's end, or later once no backlog was left).</summary>
    public double MeasuredFromSeconds { get; init; }

    /// <summary>False when the backlog never drained and the bench measured anyway after <see cref="SteadyState.MaxWait"/>.</summary>
    public bool Steady { get; init; } = true;

    /// <summary>Ensemble sessions the streams played in (0: each alone).</summary>
    public int Sessions { get; init; }

    /// <summary>Each stream's control latency (the pipeline hop, stream by stream).</summary>
    public IReadOnlyList<StreamFigure> PerStream { get; init; } = [];
}
