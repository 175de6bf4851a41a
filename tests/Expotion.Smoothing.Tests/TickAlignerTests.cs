using Expotion.Core;
using Expotion.Smoothing.Core;

namespace Expotion.Smoothing.Tests;

/// <summary>
/// Live streams batched per tick (<see cref="TickAligner"/> over a <see cref="SmoothingTicker"/>) on the CPU reference and on
/// the emulated CUDA kernels (exact mode): every stream's conditions equal the per-stream <see cref="TimelineAligner"/>'s bit
/// for bit, whoever else shares its ticks, joins, leaves or fails.
/// </summary>
public sealed class TickAlignerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TickAligner Aligner(string backend) => new(TickStreams.Ticker(backend), new TimelineAligner());

    private sealed record Case(string Name, AlignSettings Settings, FeatureSample[] Frames, int DelayMs);

    private static Case[] Mixed() =>
    [
        new("causal 16 @ 30 fps, jitter", new AlignSettings(16, SmoothingMode.Causal), TickStreams.Frames(1, 16, 30, 120, jitterUs: 4000), 0),
        new("causal 16 @ 25 fps from 7 ms, paced", new AlignSettings(16, SmoothingMode.Causal, 60), TickStreams.Frames(2, 16, 25, 40, startUs: 7000), 3),
        new("causal 5 @ 60 fps, no smoothing", new AlignSettings(5, SmoothingMode.Causal, 0), TickStreams.Frames(3, 5, 60, 150, startUs: 20000), 0),
        new("causal 16 @ 30 fps, 1 s gap", new AlignSettings(16, SmoothingMode.Causal), TickStreams.Frames(4, 16, 30, 60, gapAfter: 20, gapUs: 1_000_000), 0),
        new("centred 16, 20 ms", new AlignSettings(16, SmoothingMode.Centred), TickStreams.Frames(5, 16, 30, 120, startUs: 13000, jitterUs: 3000), 0),
        new("centred 16, 20 ms, paced", new AlignSettings(16, SmoothingMode.Centred), TickStreams.Frames(6, 16, 30, 40), 4),
        new("centred 16, 40 ms / 100 ms", new AlignSettings(16, SmoothingMode.Centred, 40, 100), TickStreams.Frames(7, 16, 24, 90, jitterUs: 5000), 0),
        new("centred 3, no look-ahead", new AlignSettings(3, SmoothingMode.Centred, 5, 1), TickStreams.Frames(8, 3, 30, 50), 0),
    ];

    [Theory]
    [MemberData(nameof(TickStreams.Backends), MemberType = typeof(TickStreams))]
    public async Task Batched_ConcurrentStreamsOfMixedModesAndWidths_EqualThePerStreamPath_BitForBit(string backend)
    {
        var aligner = Aligner(backend);
        var cases = Mixed();
        var runs = cases.Select(c => Task.Run(() => aligner.AlignAsync(c.Settings, TickStreams.Paced(c.Frames, c.DelayMs, Ct), new StreamStats(), Ct).ToListAsync(Ct).AsTask(), Ct)).ToArray();
        var actual = await Task.WhenAll(runs);
        for (var i = 0; i < cases.Length; i++)
            TickStreams.BitEqual(await TickStreams.PerStreamAsync(cases[i].Settings, cases[i].Frames, Ct), actual[i], cases[i].Name);
    }

    [Theory]
    [MemberData(nameof(TickStreams.Backends), MemberType = typeof(TickStreams))]
    public async Task Batched_StreamJoiningLate_AndStreamCancelledWhileStalled_OthersGoOnUnchanged(string backend)
    {
        var aligner = Aligner(backend);
        var settings = new AlignSettings(8, SmoothingMode.Causal);
        var first = TickStreams.Frames(11, 8, 30, 90);
        var late = TickStreams.Frames(12, 8, 30, 45, startUs: 500_000);
        var stalled = TickStreams.Frames(13, 8, 30, 30);
        var stalledSettings = new AlignSettings(8, SmoothingMode.Centred);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var stalledOut = new List<ConditionVector>();
        var firstSeen = new TaskCompletionSource();
        var firstRun = Task.Run(async () =>
        {
            var got = new List<ConditionVector>();
            await foreach (var c in aligner.AlignAsync(settings, TickStreams.Paced(first, 2, Ct), new StreamStats(), Ct))
            {
                got.Add(c);
                if (got.Count == 20) firstSeen.TrySetResult();
            }
            return got;
        }, Ct);
        // Sends 30 frames, then nothing (the client stalls) until it is cancelled.
        var stalledRun = Task.Run(async () =>
        {
            await foreach (var c in aligner.AlignAsync(stalledSettings, StallAfter(stalled, cancel.Token), new StreamStats(), cancel.Token))
                stalledOut.Add(c);
        }, Ct);
        await firstSeen.Task.WaitAsync(Ct);
        var lateRun = Task.Run(() => aligner.AlignAsync(settings, TickStreams.Paced(late, 0, Ct), new StreamStats(), Ct).ToListAsync(Ct).AsTask(), Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stalledRun);
        TickStreams.BitEqual(await TickStreams.PerStreamAsync(settings, first, Ct), await firstRun, "first");
        TickStreams.BitEqual(await TickStreams.PerStreamAsync(settings, late, Ct), await lateRun, "late");
        // What the cancelled stream got before it left is the per-stream path's beginning (its look-ahead holds the rest back).
        var expectedStalled = await TickStreams.PerStreamAsync(stalledSettings, stalled, Ct);
        TickStreams.BitEqual(expectedStalled.Take(stalledOut.Count).ToList(), stalledOut, "stalled");

        static async IAsyncEnumerable<FeatureSample> StallAfter(FeatureSample[] frames, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var f in TickStreams.Paced(frames, 0, ct)) yield return f;
            await Task.Delay(Timeout.Infinite, ct);
        }
    }

    [Theory]
    [MemberData(nameof(TickStreams.Backends), MemberType = typeof(TickStreams))]
    public async Task Batched_BadFrame_SameErrorAfterTheSameConditions_AsThePerStreamPath(string backend)
    {
        var settings = new AlignSettings(4, SmoothingMode.Centred);
        var frames = TickStreams.Frames(21, 4, 30, 60);
        frames[40] = frames[40] with { PtsUs = frames[39].PtsUs };          // a repeated timestamp

        var expected = await Collect(new TimelineAligner());
        var actual = await Collect(Aligner(backend));

        Assert.Equal("frame.pts_us", Assert.IsType<InvalidInputException>(expected.Error).Field);
        Assert.Equal("frame.pts_us", Assert.IsType<InvalidInputException>(actual.Error).Field);
        TickStreams.BitEqual(expected.Got, actual.Got, "bad frame");

        async Task<(List<ConditionVector> Got, Exception? Error)> Collect(IStreamAligner aligner)
        {
            var got = new List<ConditionVector>();
            try
            {
                await foreach (var c in aligner.AlignAsync(settings, frames.ToAsyncEnumerable(), new StreamStats(), Ct)) got.Add(c);
                return (got, null);
            }
            catch (InvalidInputException e) { return (got, e); }
        }
    }

    [Fact]
    public async Task Batched_ReaderThatStops_HoldsItsStreamBack_WithoutReadingAllItsFrames()
    {
        var ticker = TickStreams.Ticker("cpu");
        var frames = TickStreams.Frames(31, 4, 30, 3000);
        var stats = new StreamStats();
        await using var e = new TickAligner(ticker, new TimelineAligner())
            .AlignAsync(new AlignSettings(4, SmoothingMode.Causal), frames.ToAsyncEnumerable(), stats, Ct).GetAsyncEnumerator(Ct);
        Assert.True(await e.MoveNextAsync());
        await Task.Delay(1000, Ct);                                          // ticks go on; this reader takes nothing
        // Bounded by the inbox (32 frames), one tick's take and the backlog (64 conditions), whatever the machine's speed.
        Assert.InRange(stats.In, 1, TickStream.FramesPerTick * 3 + TickStream.MaxBacklog);
    }
}
