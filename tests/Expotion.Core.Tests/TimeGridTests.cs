namespace Expotion.Core.Tests;

public sealed class TimeGridTests
{
    [Fact]
    public void Grid_Is50HzOf20msPoints()
    {
        Assert.Equal(50, TimeGrid.RateHz);
        Assert.Equal(20_000, TimeGrid.PeriodUs);
        Assert.Equal(20.0, TimeGrid.PeriodMs);
        Assert.Equal(60_000, TimeGrid.PtsOf(3));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, 1, 0)]
    [InlineData(19_999, 1, 0)]
    [InlineData(20_000, 1, 1)]
    [InlineData(20_001, 2, 1)]
    public void CeilAndFloorIndex_PtsBetweenPoints_RoundUpAndDown(long ptsUs, long ceil, long floor)
    {
        Assert.Equal(ceil, TimeGrid.CeilIndex(ptsUs));
        Assert.Equal(floor, TimeGrid.FloorIndex(ptsUs));
    }
}
