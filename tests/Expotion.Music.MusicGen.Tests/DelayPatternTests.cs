namespace Expotion.Music.MusicGen.Tests;

public sealed class DelayPatternTests
{
    private static List<int[]> Frames(int count) =>
        Enumerable.Range(0, count).Select(f => new[] { 100 + f, 200 + f, 300 + f, 400 + f }).ToList();

    [Fact]
    public void Apply_CodebookK_SitsAtFramePlusKPlusOne_PadElsewhere()
    {
        var rows = DelayPattern.Apply(Frames(3));
        Assert.Equal(4, rows.Length);
        Assert.All(rows, r => Assert.Equal(3 + DelayPattern.Codebooks, r.Length));
        const int P = DelayPattern.PadToken;
        Assert.Equal([P, 100, 101, 102, P, P, P], rows[0]);
        Assert.Equal([P, P, 200, 201, 202, P, P], rows[1]);
        Assert.Equal([P, P, P, 300, 301, 302, P], rows[2]);
        Assert.Equal([P, P, P, P, 400, 401, 402], rows[3]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    public void Undo_GivesBackTheFrames(int count)
    {
        var frames = Frames(count);
        var back = DelayPattern.Undo(DelayPattern.Apply(frames));
        Assert.True(Streams.Same(frames, back));
    }

    [Fact]
    public void Undo_UnfinishedTail_IsLeftOut()
    {
        var rows = DelayPattern.Apply(Frames(5)).Select(r => r[..^2]).ToArray();
        Assert.Equal(3, DelayPattern.Undo(rows).Count);
    }

    [Fact]
    public void FinishPosition_IsWhereTheLastCodebookSits()
    {
        for (var f = 0; f < 5; f++)
        {
            Assert.Equal(f, DelayPattern.FrameAt(DelayPattern.FinishPosition(f), DelayPattern.Codebooks - 1));
            Assert.Equal(f, DelayPattern.FrameAt(f + 1, 0));
        }
    }
}
