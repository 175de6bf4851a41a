using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Expotion.Client.Media;
using Expotion.Composition;

namespace Expotion.Cli.Bench;

/// <summary>
/// `expotion bench load`: N concurrent live streams, each sending frames at the frame rate through the
/// pipeline (one <see cref="PipelineComposer"/>, real gRPC), with a line every few seconds (throughput,
/// p50/p99 added latency per hop, memory) and a summary at the end. Prints figures; no pass/fail.
/// </summary>
internal sealed class LoadBench(IPerformer performer, string stages, LoadOptions options, TextWriter output)
{
    private const int LoopSeconds = 4;
    private static readonly TimeSpan SteadyPoll = TimeSpan.FromMilliseconds(250);
    private static readonly LoadHop[] Hops = Enum.GetValues<LoadHop>();

    public async Task<LoadSummary> RunAsync(CancellationToken ct)
    {
        options.Validate();
        var frames = Render();
        output.WriteLine($"load: {options.Streams} streams x {options.Fps:F0} fps of {options.Width}x{options.Height} RGB24 (the sample performer, a {LoopSeconds} s loop), " +
            $"{options.WarmupSeconds:F0} s warm-up + {options.Seconds:F0} s measured, causal smoothing, {options.ChunkMs} ms audio chunks, " +
            $"{(options.LiveQueue > 0 ? $"vision drops the oldest of {options.LiveQueue} waiting frames" : "lossless (push-back)")}; stages: {stages}");
        output.WriteLine($"latency is added time per hop, ms p50/p99: vision = frame capture -> its features; smoothing = the features that release a 50 Hz point -> that condition; " +
            "music = a chunk's last condition -> the chunk; pipeline = the frame that releases a chunk -> the chunk");

        var recorder = new LoadRecorder();
        using var allocations = new AllocationMeter();
        var budget = new HopBudget();
        var clock = Stopwatch.StartNew();
        var begin = TimeSpan.FromMilliseconds(200);
        var measureFrom = begin + TimeSpan.FromSeconds(options.WarmupSeconds);
        var measuredLength = TimeSpan.FromSeconds(options.Seconds);
        var window = new LoadWindow(measureFrom + SteadyState.MaxWait + measuredLength);   // the stop is set when the measurement begins
        var measuredAt = measureFrom;
        var steady = true;
        // Staggered across one frame period, as independent cameras would be.
        var startsAt = Enumerable.Range(0, options.Streams).Select(k => begin + TimeSpan.FromSeconds(k / (options.Fps * options.Streams))).ToArray();
        var due = new FramesDue(startsAt, options.Fps);
        var controls = Enumerable.Range(0, options.Streams)
            .Select(k => new StreamControl(options.EnsembleOf(k) is { } e ? $"{e.Session}/{e.Member}" : $"stream-{k}")).ToArray();
        var streams = startsAt.Select((startAt, k) =>
            new LoadStream(performer, frames, options, recorder, clock, budget, controls[k], options.EnsembleOf(k)).RunAsync(startAt, window, ct)).ToArray();
        var all = Task.WhenAll(streams);

        var intervals = new List<LoadInterval>();
        MemorySample? first = null;
        var interval = TimeSpan.FromSeconds(options.IntervalSeconds);
        var next = begin + interval;
        var measuredFrom = (Sent: 0L, Features: 0L, Audio: 0L);
        var cpuAt = CpuSample.ProcessTime();
        var cpuMeasuredFrom = TimeSpan.Zero;
        var allocatedAt = allocations.Now();
        var allocatedFrom = allocatedAt;
        while (!all.IsCompleted)
        {
            ct.ThrowIfCancellationRequested();
            var wait = next - clock.Elapsed;
            if (!recorder.Counting && measureFrom < next && measureFrom > clock.Elapsed) wait = measureFrom - clock.Elapsed;
            if (!recorder.Counting && clock.Elapsed >= measureFrom && wait > SteadyPoll) wait = SteadyPoll;   // waiting for a steady state
            if (wait > TimeSpan.Zero) await Task.WhenAny(all, Task.Delay(wait, ct));
            if (!recorder.Counting && clock.Elapsed >= measureFrom && !all.IsCompleted
                && (SteadyState.Reached(options, due.At(clock.Elapsed), recorder.FeaturesBack) || clock.Elapsed >= measureFrom + SteadyState.MaxWait))
            {
                steady = SteadyState.Reached(options, due.At(clock.Elapsed), recorder.FeaturesBack);
                measuredAt = clock.Elapsed;
                window.MeasureFrom(measuredAt, measuredLength);
                output.WriteLine(steady
                    ? $"{measuredAt.TotalSeconds,6:F1} s measuring from here: steady ({Math.Max(0, due.At(measuredAt) - recorder.FeaturesBack)} frames behind, at most {SteadyState.FramesPerStream} per stream)"
                    : $"{measuredAt.TotalSeconds,6:F1} s measuring from here although NOT steady: {due.At(measuredAt) - recorder.FeaturesBack} frames still behind after {SteadyState.MaxWait.TotalSeconds:F0} s more than the warm-up (the pipeline cannot keep up)");
                recorder.Counting = true;
                measuredFrom = (recorder.FramesSent, recorder.FeaturesBack, recorder.AudioFramesBack);
                first = MemorySample.Now();
                cpuMeasuredFrom = CpuSample.ProcessTime();
                allocatedFrom = allocations.Now();
                continue;
            }
            if (clock.Elapsed < next && !all.IsCompleted) continue;
            if (all.IsCompleted && clock.Elapsed - (next - interval) < interval / 2) break;   // the streams' last moments: too short for a line
            var cpuNow = CpuSample.ProcessTime();
            var allocatedNow = allocations.Now();
            var length = clock.Elapsed - (next - interval);
            var line = Interval(recorder, clock.Elapsed, length, !recorder.Counting,
                new CpuSample((cpuNow - cpuAt).TotalSeconds / length.TotalSeconds, CpuSample.ReadLoadAverage()), allocatedNow, allocatedAt);
            (cpuAt, allocatedAt) = (cpuNow, allocatedNow);
            intervals.Add(line);
            Print(line);
            next += interval;
        }
        await all;
        if (!recorder.Counting)   // every stream ended before a steady state (it cannot come when the pipeline falls behind for good)
        {
            steady = false;
            output.WriteLine($"never steady: {due.At(clock.Elapsed) - recorder.FeaturesBack} frames still behind when the streams ended; nothing was measured");
        }

        var measured = intervals.Where(i => !i.WarmUp).ToList();
        var audioFrames = recorder.AudioFramesBack - measuredFrom.Audio;
        var audioSeconds = audioFrames / 32_000.0;
        var summary = new LoadSummary(options.Streams, options.Fps, options.Seconds, options.Width, options.Height, Environment.ProcessorCount, stages,
            recorder.FramesSent - measuredFrom.Sent, recorder.FeaturesBack - measuredFrom.Features,
            recorder.FramesSent - recorder.FeaturesBack, audioSeconds, audioSeconds / options.Streams / options.Seconds, recorder.Errors,
            (recorder.FeaturesBack - measuredFrom.Features) / options.Seconds,
            [.. Hops.Select(h => HopLatency.Of(h, recorder.Total(h)))],
            first ??= MemorySample.Now(),
            new MemorySample(measured.Select(i => i.Memory.WorkingSetMb).Append(first.WorkingSetMb).Max(),
                measured.Select(i => i.Memory.GcHeapMb).Append(first.GcHeapMb).Max(), MemorySample.Now().Gen2Collections),
            MemorySample.Now(), (CpuSample.ProcessTime() - cpuMeasuredFrom).TotalSeconds / (clock.Elapsed - measuredAt).TotalSeconds,
            measured.Count > 0 ? measured.Average(i => i.Cpu.LoadAverage) : double.NaN,
            allocations.Now().Since(allocatedFrom, recorder.FramesSent - measuredFrom.Sent), budget.Summary(), intervals)
        {
            MeasuredFromSeconds = Math.Round(measuredAt.TotalSeconds, 1), Steady = steady, Sessions = options.Sessions, PerStream = [.. controls.Select(c => c.Figure())],
        };
        PrintSummary(summary);
        return summary;
    }

    /// <summary>Writes the summary (intervals included) as JSON.</summary>
    public static async Task WriteJsonAsync<TSummary>(TSummary summary, string path, CancellationToken ct)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, summary, new JsonSerializerOptions
        {
            WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,   // a hop with no samples in an interval is NaN
        }, ct);
    }

    private byte[][] Render()
    {
        var performer = new SamplePerformer(options.Width, options.Height, options.Fps, LoopSeconds);
        return [.. Enumerable.Range(0, performer.FrameCount).Select(performer.Render)];
    }

    private static LoadInterval Interval(LoadRecorder recorder, TimeSpan at, TimeSpan length, bool warmUp, CpuSample cpu,
        AllocationSnapshot allocatedNow, AllocationSnapshot allocatedAt)
    {
        var (latency, sent, features, audio) = recorder.TakeInterval();
        var seconds = length.TotalSeconds;
        return new LoadInterval(Math.Round(at.TotalSeconds, 1), warmUp, recorder.StreamsOpen, sent / seconds, features / seconds,
            audio / 32_000.0 / seconds, [.. Hops.Select(h => HopLatency.Of(h, latency[(int)h]))], MemorySample.Now(), cpu,
            allocatedNow.Since(allocatedAt, sent));
    }

    private void Print(LoadInterval i)
    {
        var hops = string.Join("  ", i.Latency.Select(h => $"{h.Hop} {h.P50Ms,5:F1}/{h.P99Ms,5:F1}"));
        output.WriteLine($"{i.AtSeconds,6:F1} s{(i.WarmUp ? " warm-up" : "        ")}  open {i.StreamsOpen,3}  sent {i.FramesSentPerSecond,6:F1}/s  features {i.FeaturesPerSecond,6:F1}/s  " +
            $"audio {i.AudioRealTime,5:F2}x  {hops}  ws {i.Memory.WorkingSetMb,6:F0} MB  heap {i.Memory.GcHeapMb,6:F0} MB  " +
            $"alloc {i.Allocation.KbPerFrame,6:F1} KB/frame (LOH {i.Allocation.LargeKbPerFrame,5:F1})  gen2 {i.Allocation.Gen2PerMinute,4:F0}/min  cpu {i.Cpu.ProcessCores,4:F2}  load {i.Cpu.LoadAverage,5:F1}");
    }

    private void PrintSummary(LoadSummary s)
    {
        output.WriteLine();
        output.WriteLine($"summary: {s.Streams} streams{(s.Sessions > 0 ? $" in {s.Sessions} ensemble session{(s.Sessions > 1 ? "s" : "")}" : "")} x {s.Fps:F0} fps for {s.Seconds:F0} s on {s.Cores} cores (measured from {s.MeasuredFromSeconds:F1} s: " +
            $"{(s.Steady ? "steady" : "NOT steady")} after a {options.WarmupSeconds:F0} s warm-up)");
        output.WriteLine($"  throughput   {s.FramesPerSecond:F1} frames/s analysed ({s.FeaturesBack} feature frames back, {s.FramesSent} frames sent in the measured time; " +
            $"{s.FramesNotAnalysed} of all frames sent never came back: dropped or lost), " +
            $"audio {s.AudioSeconds:F1} s = {s.AudioRealTimePerStream:F2}x real time per stream, {s.StreamErrors} stream errors");
        foreach (var h in s.Latency)
            output.WriteLine($"  {h.Hop,-10}   p50 {h.P50Ms,6:F1} ms   p99 {h.P99Ms,6:F1} ms   max {h.MaxMs,7:F1} ms   (n={h.Samples})");
        output.WriteLine($"  memory       working set {s.MemoryFirst.WorkingSetMb:F0} MB at the start of the measurement, peak {s.MemoryPeak.WorkingSetMb:F0} MB, last {s.MemoryLast.WorkingSetMb:F0} MB; " +
            $"GC heap {s.MemoryFirst.GcHeapMb:F0} / {s.MemoryPeak.GcHeapMb:F0} / {s.MemoryLast.GcHeapMb:F0} MB; {s.MemoryLast.Gen2Collections - s.MemoryFirst.Gen2Collections} gen2 collections");
        if (s.Budget.Count > 0)
        {
            output.WriteLine("  budget       hop by hop, from the stamps each audio chunk carries for the newest frame it depends on (ms):");
            foreach (var h in s.Budget)
                output.WriteLine($"    {h.Hop,-32} p50 {h.P50Ms,7:F1}   p99 {h.P99Ms,7:F1}   max {h.MaxMs,7:F1}   (n={h.Samples})");
        }
        output.WriteLine("  control      per stream, the frame that releases a chunk -> the chunk back (ms):");
        foreach (var f in s.PerStream)
            output.WriteLine($"    {f.Stream,-16} {(f.Role.Length > 0 ? f.Role : ""),-8} p50 {f.P50Ms,7:F1}   p99 {f.P99Ms,7:F1}   max {f.MaxMs,7:F1}   (n={f.Samples}" +
                (s.Sessions > 0 ? $"; {f.ChunksWithoutOwnRow} of {f.Chunks} chunks merged before the member's own row)" : ")"));
        output.WriteLine($"  allocation   {s.Allocation} (the whole process; per frame sent)");
        output.WriteLine($"  cpu          this process {s.ProcessCores:F2} cores ({s.ProcessCores / s.Streams:F3} per stream) of {s.Cores}; machine load average {s.LoadAverage:F1} (others' work included)");
        var worst = s.Latency.MaxBy(h => h.P99Ms)!;
        output.WriteLine($"  p99 within 50 ms: {(s.Latency.All(h => h.P99Ms <= 50) ? "yes" : $"no ({worst.Hop} {worst.P99Ms:F1} ms)")}");
    }
}
