using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Tests.Flow;

public sealed class GridPoolerTests
{
    private static FlowField Field(int width, int height, Func<int, int, (float Dx, float Dy)> at)
    {
        var flow = new FlowField(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (dx, dy) = at(x, y);
                flow.Dx[y * width + x] = dx;
                flow.Dy[y * width + x] = dy;
            }
        }
        return flow;
    }

    [Fact]
    public void Pool_HandMadeField_GivesExactCellMeansAndHistograms()
    {
        // 8x4 field, 2x2 grid of 4x2 cells, 4 bins (0 right, 1 down, 2 left, 3 up).
        var flow = Field(8, 4, (x, y) => (y < 2, x < 4) switch
        {
            (true, true) => (1f, 0f),                                    // cell 0,0: all rightwards
            (true, false) => x < 6 ? (0f, 2f) : y == 0 ? (-3f, 0f) : (0f, 0f), // cell 0,1: 4 down, 2 left, 2 still
            (false, true) => (3f, 4f),                                   // cell 1,0: 53° -> the "down" bin (45..135°)
            _ => (0f, 0f),                                               // cell 1,1: still
        });
        var pooler = new GridPooler(2, 2, 4);
        var values = new float[pooler.Length];

        var summary = pooler.Pool(flow, 2f, values);

        float[] expected =
        [
            2f, 0f, 2f, /* ori */ 2f, 0f, 0f, 0f,
            -1.5f, 2f, 3.5f, /* ori */ 0f, 2f, 1.5f, 0f,
            6f, 8f, 10f, /* ori */ 0f, 10f, 0f, 0f,
            0f, 0f, 0f, /* ori */ 0f, 0f, 0f, 0f,
        ];
        Assert.Equal(expected, values, (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Equal((2f - 1.5f + 6f) / 4, summary.MeanDx, 1e-6f);
        Assert.Equal((2f + 8f) / 4, summary.MeanDy, 1e-6f);
        Assert.Equal((2f + 3.5f + 10f) / 4, summary.MeanMagnitude, 1e-6f);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(6)]
    [InlineData(12)]
    public void Pool_EachBinCentreDirection_LandsInItsBin(int bins)
    {
        var pooler = new GridPooler(1, 1, bins);
        for (var k = 0; k < bins; k++)
        {
            var angle = 2 * Math.PI * k / bins;
            var flow = Field(11, 3, (_, _) => ((float)(2 * Math.Cos(angle)), (float)(2 * Math.Sin(angle))));
            var values = new float[pooler.Length];
            pooler.Pool(flow, 1f, values);
            for (var j = 0; j < bins; j++)
                Assert.Equal(j == k ? 2f : 0f, values[3 + j], 1e-5f);
        }
    }

    [Fact]
    public void Pool_UnevenCells_NormalisesByEachCellsPixelCount()
    {
        // 10 columns in 3 cells: 3, 3 and 4 pixels wide; a uniform field gives the same means everywhere.
        var flow = Field(10, 5, (_, _) => (0f, -1f));
        var pooler = new GridPooler(3, 2, 4);
        var values = new float[pooler.Length];
        pooler.Pool(flow, 1f, values);
        for (var cell = 0; cell < 6; cell++)
        {
            var v = values.AsSpan(cell * 7, 7).ToArray();
            Assert.Equal([0f, -1f, 1f, 0f, 0f, 0f, 1f], v, (a, b) => Math.Abs(a - b) < 1e-6f);
        }
    }

    [Fact]
    public void Pool_GridFinerThanImage_LeavesEmptyCellsZero()
    {
        // 2x1 field in a 4x2 grid: column cells 1 and 3 hold one pixel each, row cell 0 is empty.
        var flow = Field(2, 1, (_, _) => (1f, 0f));
        var pooler = new GridPooler(4, 2, 2);
        var values = new float[pooler.Length];
        var summary = pooler.Pool(flow, 1f, values);
        float[] full = [1f, 0f, 1f, 1f, 0f], empty = [0f, 0f, 0f, 0f, 0f];
        for (var cell = 0; cell < 8; cell++)
            Assert.Equal(cell is 5 or 7 ? full : empty, values.AsSpan(cell * 5, 5).ToArray());
        Assert.Equal(1f, summary.MeanDx);
        Assert.Equal(1f, summary.MeanMagnitude);
    }
}
