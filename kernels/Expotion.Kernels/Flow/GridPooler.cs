using System.Numerics;

namespace Expotion.Kernels.Flow;

/// <summary>
/// Step 4 of the flow pipeline: pools a flow field over a grid of cells. Cell (r, c) covers columns
/// ⌊c·W/cols⌋ .. ⌊(c+1)·W/cols⌋ − 1 and rows ⌊r·H/rows⌋ .. ⌊(r+1)·H/rows⌋ − 1. Per cell, in row-major
/// cell order, it writes <see cref="ValuesPerCell"/> values:
/// mean dx, mean dy, mean magnitude, then a magnitude-weighted orientation histogram normalised by the
/// cell's pixel count (so the bins sum to the mean magnitude). Orientation is atan2(dy, dx) in image
/// coordinates (y down); bin k is centred on k·360°/bins, so bin 0 is rightwards and bin bins/4 downwards.
/// An empty cell (a grid finer than the image) gets zeros. Thread-safe.
/// </summary>
public sealed class GridPooler
{
    private const float HalfPi = MathF.PI / 2;

    public GridPooler(int columns, int rows, int orientationBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(orientationBins, 1);
        Columns = columns;
        Rows = rows;
        OrientationBins = orientationBins;
    }

    public int Columns { get; }
    public int Rows { get; }
    public int OrientationBins { get; }

    /// <summary>dx, dy, magnitude and the orientation bins.</summary>
    public int ValuesPerCell => 3 + OrientationBins;

    /// <summary>Values written by <see cref="Pool"/>: cells × <see cref="ValuesPerCell"/>.</summary>
    public int Length => Columns * Rows * ValuesPerCell;

    /// <summary>
    /// Pools <paramref name="flow"/>, every value multiplied by <paramref name="scale"/> (pixels to the caller's
    /// unit), into <paramref name="destination"/> (at least <see cref="Length"/> values); returns the whole-frame means.
    /// </summary>
    public FlowSummary Pool(FlowField flow, float scale, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (destination.Length < Length)
            throw new ArgumentException($"needs {Length} values, got {destination.Length}", nameof(destination));
        destination[..Length].Clear();
        int w = flow.Width, h = flow.Height, per = ValuesPerCell;
        Span<float> mags = w <= 2048 ? stackalloc float[w] : new float[w];
        Span<int> bins = w <= 2048 ? stackalloc int[w] : new int[w];
        Span<double> sums = Columns <= 64 ? stackalloc double[3 * Columns] : new double[3 * Columns];
        var histLength = Columns * OrientationBins;
        Span<double> hists = histLength <= 1024 ? stackalloc double[histLength] : new double[histLength];
        double totalDx = 0, totalDy = 0, totalMag = 0;
        for (var r = 0; r < Rows; r++)
        {
            int y0 = r * h / Rows, y1 = (r + 1) * h / Rows;
            sums.Clear();
            hists.Clear();
            for (var y = y0; y < y1; y++)
            {
                var dxRow = flow.Dx.AsSpan(y * w, w);
                var dyRow = flow.Dy.AsSpan(y * w, w);
                MagnitudesAndBins(dxRow, dyRow, mags, bins);
                for (var c = 0; c < Columns; c++)
                {
                    int x0 = c * w / Columns, x1 = (c + 1) * w / Columns;
                    var hist = hists.Slice(c * OrientationBins, OrientationBins);
                    double sdx = 0, sdy = 0, smag = 0;
                    for (var x = x0; x < x1; x++)
                    {
                        sdx += dxRow[x];
                        sdy += dyRow[x];
                        smag += mags[x];
                        hist[bins[x]] += mags[x];
                    }
                    sums[3 * c] += sdx;
                    sums[3 * c + 1] += sdy;
                    sums[3 * c + 2] += smag;
                }
            }
            for (var c = 0; c < Columns; c++)
            {
                int x0 = c * w / Columns, x1 = (c + 1) * w / Columns;
                var count = (x1 - x0) * (y1 - y0);
                totalDx += sums[3 * c];
                totalDy += sums[3 * c + 1];
                totalMag += sums[3 * c + 2];
                if (count == 0)
                    continue;
                var cell = destination.Slice((r * Columns + c) * per, per);
                var norm = (double)scale / count;
                cell[0] = (float)(sums[3 * c] * norm);
                cell[1] = (float)(sums[3 * c + 1] * norm);
                cell[2] = (float)(sums[3 * c + 2] * norm);
                for (var k = 0; k < OrientationBins; k++)
                    cell[3 + k] = (float)(hists[c * OrientationBins + k] * norm);
            }
        }
        var all = (double)scale / (w * h);
        return new FlowSummary((float)(totalDx * all), (float)(totalDy * all), (float)(totalMag * all));
    }

    /// <summary>Per pixel of a row: |flow| and its orientation bin (vectorised; the scalar tail does the same operations).</summary>
    private void MagnitudesAndBins(ReadOnlySpan<float> dx, ReadOnlySpan<float> dy, Span<float> mags, Span<int> bins)
    {
        var binsPerRadian = OrientationBins / (2f * MathF.PI);
        var n = OrientationBins;
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vScale = new Vector<float>(binsPerRadian);
            var half = new Vector<float>(0.5f);
            var vn = new Vector<int>(n);
            for (; x <= dx.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                var u = new Vector<float>(dx[x..]);
                var v = new Vector<float>(dy[x..]);
                Vector.SquareRoot(u * u + v * v).CopyTo(mags[x..]);
                var bin = Vector.ConvertToInt32(Vector.Floor(Atan2(v, u) * vScale + half));
                // atan2 ∈ (−π, π] puts the bin in −n/2 .. n/2: wrap the negative ones and the one at +π.
                bin = Vector.ConditionalSelect(Vector.LessThan(bin, Vector<int>.Zero), bin + vn, bin);
                bin = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(bin, vn), bin - vn, bin);
                bin.CopyTo(bins[x..]);
            }
        }
        for (; x < dx.Length; x++)
        {
            float u = dx[x], v = dy[x];
            mags[x] = MathF.Sqrt(u * u + v * v);
            var bin = (int)MathF.Floor(Atan2(v, u) * binsPerRadian + 0.5f);
            bins[x] = bin < 0 ? bin + n : bin >= n ? bin - n : bin;
        }
    }

    /// <summary>
    /// atan2 in [−π, π], hand-written because MathF.Atan2 was most of the pooling time and does not vectorise:
    /// octant reduction and the polynomial of Abramowitz &amp; Stegun 4.4.47 on [0, 1], |error| ≤ 1e-5 rad.
    /// atan2(0, 0) is 0.
    /// </summary>
    internal static float Atan2(float y, float x)
    {
        var ax = MathF.Abs(x);
        var ay = MathF.Abs(y);
        var max = MathF.Max(ax, ay);
        var z = max == 0f ? 0f : MathF.Min(ax, ay) / max;
        var a = Polynomial(z);
        if (ay > ax) a = HalfPi - a;
        if (x < 0f) a = MathF.PI - a;
        return y < 0f ? -a : a;
    }

    private static Vector<float> Atan2(Vector<float> y, Vector<float> x)
    {
        var ax = Vector.Abs(x);
        var ay = Vector.Abs(y);
        var max = Vector.Max(ax, ay);
        var z = Vector.ConditionalSelect(Vector.Equals(max, Vector<float>.Zero), Vector<float>.Zero, Vector.Min(ax, ay) / max);
        var a = Polynomial(z);
        a = Vector.ConditionalSelect(Vector.GreaterThan(ay, ax), new Vector<float>(HalfPi) - a, a);
        a = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), new Vector<float>(MathF.PI) - a, a);
        return Vector.ConditionalSelect(Vector.LessThan(y, Vector<float>.Zero), -a, a);
    }

    private static float Polynomial(float z)
    {
        var z2 = z * z;
        return z * (0.9998660f + z2 * (-0.3302995f + z2 * (0.1801410f + z2 * (-0.0851330f + z2 * 0.0208351f))));
    }

    private static Vector<float> Polynomial(Vector<float> z)
    {
        var z2 = z * z;
        return z * (new Vector<float>(0.9998660f) + z2 * (new Vector<float>(-0.3302995f) + z2 * (new Vector<float>(0.1801410f)
            + z2 * (new Vector<float>(-0.0851330f) + z2 * new Vector<float>(0.0208351f)))));
    }
}
