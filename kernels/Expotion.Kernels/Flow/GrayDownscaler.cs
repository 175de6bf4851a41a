namespace Expotion.Kernels.Flow;

/// <summary>
/// Step 1 of the flow pipeline: 8-bit pixels to 0..1 luminance (BT.601 weights) and an area (box-coverage)
/// resize to the analysis size in one streaming pass over the source rows. Every destination pixel is the
/// coverage-weighted mean of the source pixels under its footprint, so downscaling averages (no aliasing)
/// and the same scene at two source resolutions gives nearly the same analysis image.
/// Caches its coverage tables and row buffers per size; not thread-safe (one per stream).
/// </summary>
public sealed class GrayDownscaler
{
    internal const float WeightR = 0.299f / 255f, WeightG = 0.587f / 255f, WeightB = 0.114f / 255f;

    private int _srcWidth = -1, _dstWidth = -1;
    private int[] _xStart = [], _xCount = [], _xOffset = [];
    private float[] _xWeights = [];
    private float[] _hrow = [];

    /// <summary>Bytes per pixel of a layout.</summary>
    public static int BytesPerPixel(PixelLayout layout) => Channels(layout).BytesPerPixel;

    /// <summary>Bytes per pixel and the byte offsets of red, green and blue within a pixel (all 0 for gray).</summary>
    internal static (int BytesPerPixel, int Red, int Green, int Blue) Channels(PixelLayout layout) => layout switch
    {
        PixelLayout.Gray8 => (1, 0, 0, 0),
        PixelLayout.Rgb24 => (3, 0, 1, 2),
        PixelLayout.Rgba32 => (4, 0, 1, 2),
        PixelLayout.Bgra32 => (4, 2, 1, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown pixel layout"),
    };

    /// <summary>
    /// Converts <paramref name="width"/> x <paramref name="height"/> interleaved pixels (rows
    /// <paramref name="rowBytes"/> apart) into <paramref name="destination"/>, resized to its size.
    /// </summary>
    public void Convert(ReadOnlySpan<byte> pixels, int width, int height, int rowBytes, PixelLayout layout, GrayImage destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bpp = BytesPerPixel(layout);
        GrayImage.CheckedArea(width, height);
        if (rowBytes < width * bpp)
            throw new ArgumentOutOfRangeException(nameof(rowBytes), rowBytes, $"rows of {width} {layout} pixels need {width * bpp} bytes");
        var needed = (long)rowBytes * (height - 1) + (long)width * bpp;
        if (pixels.Length < needed)
            throw new ArgumentException($"{width}x{height} {layout} with {rowBytes}-byte rows needs {needed} bytes, got {pixels.Length}", nameof(pixels));

        PrepareColumns(width, destination.Width);
        var dstW = destination.Width;
        var dstH = destination.Height;
        var dst = destination.Pixels;
        Array.Clear(dst);
        var scaleY = (double)height / dstH; // source rows per destination row
        for (var y = 0; y < height; y++)
        {
            ResampleRow(pixels.Slice(y * rowBytes, width * bpp), layout);
            // Destination rows whose footprint [j·s, (j+1)·s) overlaps source row [y, y+1).
            var j0 = (int)Math.Floor(y / scaleY);
            var j1 = Math.Min(dstH - 1, (int)Math.Ceiling((y + 1) / scaleY) - 1);
            for (var j = j0; j <= j1; j++)
            {
                var w = (float)((Math.Min((j + 1) * scaleY, y + 1) - Math.Max(j * scaleY, y)) / scaleY);
                if (w > 0f)
                    ImageFilters.AddScaled(dst.AsSpan(j * dstW, dstW), _hrow, w);
            }
        }
    }

    /// <summary>One source row to luminance, resampled horizontally into _hrow (conversion fused into the box sum).</summary>
    private void ResampleRow(ReadOnlySpan<byte> src, PixelLayout layout)
    {
        var (bpp, ro, go, bo) = Channels(layout);
        ReadOnlySpan<int> starts = _xStart, counts = _xCount, offsets = _xOffset;
        ReadOnlySpan<float> weights = _xWeights;
        var hrow = _hrow.AsSpan();
        for (var x = 0; x < hrow.Length; x++)
        {
            var k0 = offsets[x];
            var row = src.Slice(starts[x] * bpp, counts[x] * bpp);
            var cw = weights.Slice(k0, counts[x]);
            var sum = 0f;
            if (bpp == 1)
            {
                for (var k = 0; k < cw.Length; k++)
                    sum += row[k] * cw[k];
                hrow[x] = sum * (1f / 255f);
            }
            else
            {
                for (int k = 0, i = 0; k < cw.Length; k++, i += bpp)
                    sum += (row[i + ro] * WeightR + row[i + go] * WeightG + row[i + bo] * WeightB) * cw[k];
                hrow[x] = sum;
            }
        }
    }

    /// <summary>The horizontal coverage table (CSR) for a width pair, as <see cref="Convert"/> uses it (the CUDA twin uploads it).</summary>
    internal (int[] Start, int[] Count, int[] Offset, float[] Weights) ColumnTable(int srcWidth, int dstWidth)
    {
        PrepareColumns(srcWidth, dstWidth);
        return (_xStart, _xCount, _xOffset, _xWeights);
    }

    /// <summary>
    /// The vertical coverage of <see cref="Convert"/> turned around, for the CUDA twin: destination row j adds source rows
    /// Rows[Offset[j] .. Offset[j + 1] − 1] with Weights[same], in increasing source row, the weights computed as there.
    /// </summary>
    internal static (int[] Offset, int[] Rows, float[] Weights) RowTable(int height, int dstH)
    {
        var scaleY = (double)height / dstH;
        var lists = new List<(int Row, float Weight)>[dstH];
        for (var j = 0; j < dstH; j++) lists[j] = [];
        for (var y = 0; y < height; y++)
        {
            var j0 = (int)Math.Floor(y / scaleY);
            var j1 = Math.Min(dstH - 1, (int)Math.Ceiling((y + 1) / scaleY) - 1);
            for (var j = j0; j <= j1; j++)
            {
                var w = (float)((Math.Min((j + 1) * scaleY, y + 1) - Math.Max(j * scaleY, y)) / scaleY);
                if (w > 0f)
                    lists[j].Add((y, w));
            }
        }
        var offset = new int[dstH + 1];
        for (var j = 0; j < dstH; j++) offset[j + 1] = offset[j] + lists[j].Count;
        var rows = new int[Math.Max(1, offset[dstH])];
        var weights = new float[rows.Length];
        for (var j = 0; j < dstH; j++)
            for (var q = 0; q < lists[j].Count; q++)
                (rows[offset[j] + q], weights[offset[j] + q]) = lists[j][q];
        return (offset, rows, weights);
    }

    // The horizontal coverage table, in CSR form: destination column x averages source columns
    // _xStart[x] .. _xStart[x] + _xCount[x] - 1 with weights _xWeights[_xOffset[x] ..].
    private void PrepareColumns(int srcWidth, int dstWidth)
    {
        if (srcWidth == _srcWidth && dstWidth == _dstWidth)
            return;
        var scale = (double)srcWidth / dstWidth;
        _xStart = new int[dstWidth];
        _xCount = new int[dstWidth];
        _xOffset = new int[dstWidth];
        var weights = new List<float>(srcWidth + 2 * dstWidth);
        for (var x = 0; x < dstWidth; x++)
        {
            var lo = x * scale;
            var hi = (x + 1) * scale;
            var i0 = Math.Min(srcWidth - 1, (int)Math.Floor(lo));
            var i1 = Math.Min(srcWidth - 1, (int)Math.Ceiling(hi) - 1);
            _xStart[x] = i0;
            _xOffset[x] = weights.Count;
            for (var i = i0; i <= i1; i++)
                weights.Add((float)((Math.Min(hi, i + 1) - Math.Max(lo, i)) / scale));
            _xCount[x] = i1 - i0 + 1;
        }
        _xWeights = [.. weights];
        _hrow = new float[dstWidth];
        _srcWidth = srcWidth;
        _dstWidth = dstWidth;
    }
}
