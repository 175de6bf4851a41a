using Expotion.Core;
using Expotion.Gateway.Core;

namespace Expotion.Gateway.Tests;

public sealed class PerformSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<Output>> RunAsync(EchoPipeline pipeline, PerformStats stats, params PerformInput<Frame>[] inputs)
    {
        var session = new PerformSession<Config, Frame, Output>(pipeline, new EchoFormat());
        var outputs = new List<Output>();
        await foreach (var o in session.RunAsync(new Config("first"), Inputs(inputs), frameQueue: 8, dropStale: false, stats, deadline: null, Ct))
            outputs.Add(o);
        return outputs;
    }

    private static async IAsyncEnumerable<PerformInput<Frame>> Inputs(PerformInput<Frame>[] inputs)
    {
        foreach (var input in inputs)
        {
            await Task.Yield();
            yield return input;
        }
    }

    private static PerformInput<Frame> At(long ptsUs) => PerformInput<Frame>.OfFrame(new Frame(ptsUs));

    [Fact]
    public async Task RunAsync_UpdateMidStream_NewSegmentTakesOverAtTheNextChunkBoundaryOnOneTimeline()
    {
        var pipeline = new EchoPipeline();
        var stats = new PerformStats();
        // Frames at 0, 40, 80 ms; the update after 80 ms switches at the 100 ms boundary; frames from 120 ms go to "second".
        var outputs = await RunAsync(pipeline, stats, At(0), At(40_000), At(80_000), PerformInput<Frame>.OfUpdate("second"),
            At(120_000), At(160_000), PerformInput<Frame>.End);

        // Both segments were opened (the second while the first still ran, so which pump called first is the scheduler's choice).
        Assert.Equal(["first", "second"], pipeline.Opened.Order());
        var audio = outputs.Where(o => o.Kind == PerformOutputKind.Audio).ToList();
        // The old segment's release tail (at 180 ms, past the boundary) is dropped; the new one's is kept.
        Assert.Equal([(0L, "first"), (40_000L, "first"), (80_000L, "first"), (120_000L, "second"), (160_000L, "second"), (260_000L, "second")],
            audio.Select(a => (a.PtsUs, a.Prompt)));
        // Conditions move with their grid index: 120 ms is point 6 on the stream's timeline (point 1 of the new segment's).
        Assert.Equal([(0L, 0L), (40_000L, 2L), (80_000L, 4L), (120_000L, 6L), (160_000L, 8L)],
            outputs.Where(o => o.Kind == PerformOutputKind.Condition).Select(c => (c.PtsUs, c.Index)));
        Assert.All(outputs.Where(o => o.Kind == PerformOutputKind.Condition), c => Assert.Equal(TimeGrid.PtsOf(c.Index), c.PtsUs));
        // One schema (the first segment's), one summary (the last one's).
        Assert.Equal("first", Assert.Single(outputs, o => o.Kind == PerformOutputKind.Schema).Prompt);
        Assert.Equal("second", Assert.Single(outputs, o => o.Kind == PerformOutputKind.Summary).Prompt);
        Assert.Equal((5L, 60L, 5L, 1L), (stats.FramesIn, stats.AudioFrames, stats.Events, stats.Updates));
    }

    [Fact]
    public async Task RunAsync_TwoUpdatesBeforeTheBoundary_TheFirstUpdatesSegmentNeverSpeaks()
    {
        var pipeline = new EchoPipeline();
        var outputs = await RunAsync(pipeline, new PerformStats(), At(0), PerformInput<Frame>.OfUpdate("second"),
            PerformInput<Frame>.OfUpdate("third"), At(100_000), PerformInput<Frame>.End);

        Assert.Equal(["first", "second", "third"], pipeline.Opened.Order());
        Assert.DoesNotContain(outputs, o => o.Prompt == "second");
        Assert.Equal([(0L, "first"), (100_000L, "third"), (200_000L, "third")],
            outputs.Where(o => o.Kind == PerformOutputKind.Audio).Select(a => (a.PtsUs, a.Prompt)));
    }

    [Fact]
    public async Task RunAsync_FrameNotAfterThePrevious_FailsNamingTheTimestamps()
    {
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => RunAsync(new EchoPipeline(), new PerformStats(), At(40_000), At(40_000)));
        Assert.Equal("frame.pts_us", ex.Field);
        Assert.Contains("40000 does not follow 40000", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100_000, 100_000)]
    [InlineData(30_000, 60_000)]
    [InlineData(50_000, 100_000)]
    [InlineData(TimeGrid.PeriodUs, TimeGrid.PeriodUs)]
    public void UnitUs_ChunkLength_IsTheLeastCommonMultipleWithTheGrid(long chunkUs, long unitUs) =>
        Assert.Equal(unitUs, SegmentBoundary.UnitUs(chunkUs));

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 100_000)]
    [InlineData(99_999, 100_000)]
    [InlineData(100_000, 200_000)]
    public void After_LastFrame_IsTheNextBoundaryPastIt(long lastPtsUs, long boundaryUs) =>
        Assert.Equal(boundaryUs, SegmentBoundary.After(lastPtsUs, 100_000));
}
