using System.Diagnostics;
using Expotion.Client;
using Expotion.V1;
using Grpc.Core;

namespace Expotion.Reliability.Tests;

/// <summary>
/// Cancellation and deadlines cross the gateway into every stage: a client that goes away, or whose deadline
/// passes, leaves no stream open anywhere, and repeated open-and-cancel cycles do not grow memory.
/// </summary>
public sealed class CancellationTests(ITestOutputHelper output)
{
    private const int Streams = 3;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Pipeline_CancelledClients_FreeEveryStageAndCyclesDoNotGrowMemory()
    {
        await using var pipeline = await InProcessPipeline.StartAsync();
        using var gateway = new GatewayPerformer(pipeline.Gateway);

        await CycleAsync(pipeline, gateway, 1);                       // warm-up: JIT, SoundFont, pools
        var (managedBefore, rssBefore) = Memory();
        const int cycles = 4;
        for (var i = 0; i < cycles; i++) await CycleAsync(pipeline, gateway, i + 2);
        var (managedAfter, rssAfter) = Memory();

        output.WriteLine($"{cycles} cycles of {Streams} streams opened then cancelled: managed heap {managedBefore / 1e6:F1} -> {managedAfter / 1e6:F1} MB, " +
            $"working set {rssBefore / 1e6:F1} -> {rssAfter / 1e6:F1} MB; streams opened: {string.Join(", ", pipeline.All.Select(s => $"{s.Name} {s.Streams.Opened}"))}");
        foreach (var (name, streams) in pipeline.All) Assert.True(streams.Opened >= (cycles + 1) * Streams, $"{name} saw only {streams.Opened} streams");
        // A leaked stream holds a synth, queues and buffers: 12 of them would show. The bounds leave room for GC noise.
        Assert.True(managedAfter - managedBefore < 16_000_000, $"the managed heap grew by {(managedAfter - managedBefore) / 1e6:F1} MB");
        Assert.True(rssAfter - rssBefore < 128_000_000, $"the working set grew by {(rssAfter - rssBefore) / 1e6:F1} MB");
    }

    [Fact]
    public async Task Pipeline_CallerDeadline_ReachesEveryStageAndEndsTheirStreams()
    {
        await using var pipeline = await InProcessPipeline.StartAsync();
        using var gateway = new GatewayPerformer(pipeline.Gateway);
        var before = pipeline.All.Select(s => s.Streams.OpenedWithDeadline).ToArray();
        var audio = 0;

        var deadline = DateTime.UtcNow.AddSeconds(8);
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var r in gateway.PerformAsync(Frames.Config(), Frames.LiveAsync(CancellationToken.None), deadline, CancellationToken.None))
                if (r.KindCase == PerformResponse.KindOneofCase.Audio) audio++;
        });
        var (drained, counts) = await pipeline.WaitForNoStreamsAsync(Generous);

        var withDeadline = pipeline.All.Select((s, i) => (s.Name, Count: s.Streams.OpenedWithDeadline - before[i])).ToArray();
        output.WriteLine($"ended with {ex.StatusCode} after {audio} audio chunks; streams that carried the deadline: {string.Join(", ", withDeadline.Select(w => $"{w.Name} {w.Count}"))}; open now: {counts}");
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(audio > 0, "no audio arrived before the deadline: the pipeline never ran");
        foreach (var (name, count) in withDeadline) Assert.True(count == 1, $"{name} got {count} streams with a deadline; expected 1");
        Assert.True(drained, $"streams still open after the deadline: {counts}");
    }

    /// <summary>Opens <see cref="Streams"/> live streams, waits for audio on each, checks every stage serves them all, cancels, checks every stage is back to none.</summary>
    private async Task CycleAsync(InProcessPipeline pipeline, GatewayPerformer gateway, int cycle)
    {
        using var cancel = new CancellationTokenSource();
        var playing = Enumerable.Range(0, Streams).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var runs = Enumerable.Range(0, Streams).Select(i => Task.Run(async () =>
        {
            try
            {
                await foreach (var r in gateway.PerformAsync(Frames.Config(), Frames.LiveAsync(cancel.Token), cancel.Token))
                    if (r.KindCase == PerformResponse.KindOneofCase.Audio) playing[i].TrySetResult();
                playing[i].TrySetException(new InvalidOperationException("the stream ended by itself"));
            }
            catch (Exception ex) when (cancel.IsCancellationRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled or StatusCode.Unavailable })
            {
            }
            catch (Exception ex)
            {
                playing[i].TrySetException(ex);
                throw;
            }
        })).ToArray();

        await Task.WhenAll(playing.Select(p => p.Task)).WaitAsync(Generous);
        var open = pipeline.Counts();
        foreach (var (name, streams) in pipeline.All)
            Assert.True(streams.Count == Streams, $"cycle {cycle}: {name} serves {streams.Count} streams; expected {Streams} ({open})");

        await cancel.CancelAsync();
        await Task.WhenAll(runs).WaitAsync(Generous);
        var (drained, counts) = await pipeline.WaitForNoStreamsAsync(Generous);
        Assert.True(drained, $"cycle {cycle}: streams still open after the clients cancelled: {counts}");
    }

    private static (long Managed, long WorkingSet) Memory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }
}
