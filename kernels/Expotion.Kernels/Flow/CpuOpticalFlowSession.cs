using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Expotion.Kernels.Flow;

/// <summary>One stream's buffers for <see cref="CpuOpticalFlow"/>; see there for the algorithm.</summary>
internal sealed class CpuOpticalFlowSession : IOpticalFlowSession
{
    private readonly FlowOptions _options;
    private readonly float[] _window;
    private GaussianPyramid _first, _second;   // after a call, _second is the last frame's pyramid
    private bool _hasLast;
    // Full-size scratch; a level of w x h uses the first w·h values.
    private readonly float[] _ix, _iy, _ga, _gb, _gc, _bx, _by, _tmp;
    private float[] _u, _v, _cu, _cv;
    private readonly bool _useAvx2;

    /// <param name="useAvx2">Warp with AVX2 gathers where supported; false forces the scalar path (for parity tests).</param>
    public CpuOpticalFlowSession(FlowOptions options, int width, int height, bool useAvx2 = true)
    {
        _useAvx2 = useAvx2 && Avx2.IsSupported;
        var area = GrayImage.CheckedArea(width, height);
        _options = options;
        Width = width;
        Height = height;
        _window = ImageFilters.GaussianKernel(options.WindowRadius, options.WindowSigma);
        var levels = GaussianPyramid.CountLevels(width, height, options.MaxLevels, options.MinLevelSize);
        _first = new GaussianPyramid(width, height, levels, options.PreBlurSigma);
        _second = new GaussianPyramid(width, height, levels, options.PreBlurSigma);
        _ix = new float[area]; _iy = new float[area];
        _ga = new float[area]; _gb = new float[area]; _gc = new float[area];
        _bx = new float[area]; _by = new float[area]; _tmp = new float[area];
        _u = new float[area]; _v = new float[area]; _cu = new float[area]; _cv = new float[area];
    }

    public int Width { get; }
    public int Height { get; }

    public void Compute(GrayImage previous, GrayImage next, FlowField flow)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.Width != Width || flow.Height != Height)
            throw new ArgumentException($"flow is {flow.Width}x{flow.Height}, the session {Width}x{Height}", nameof(flow));
        _first.Build(previous);
        _second.Build(next);
        _hasLast = true;
        Solve(flow);
    }

    public bool Next(GrayImage next, FlowField flow)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.Width != Width || flow.Height != Height)
            throw new ArgumentException($"flow is {flow.Width}x{flow.Height}, the session {Width}x{Height}", nameof(flow));
        (_first, _second) = (_second, _first);   // the last frame's pyramid is this pair's first
        _second.Build(next);
        if (!_hasLast)
        {
            _hasLast = true;
            return false;
        }
        Solve(flow);
        return true;
    }

    /// <summary>Coarse to fine over the two pyramids: the flow from <see cref="_first"/>'s image to <see cref="_second"/>'s.</summary>
    private void Solve(FlowField flow)
    {
        for (var level = _first.LevelCount - 1; level >= 0; level--)
        {
            var i0 = _first[level];
            int w = i0.Width, h = i0.Height;
            if (level == _first.LevelCount - 1)
            {
                _u.AsSpan(0, w * h).Clear();
                _v.AsSpan(0, w * h).Clear();
            }
            else
            {
                (_u, _cu) = (_cu, _u);
                (_v, _cv) = (_cv, _v);
                var coarse = _first[level + 1];
                ImageFilters.UpsampleFlow(_cu, _cv, coarse.Width, coarse.Height, _u, _v, w, h);
            }
            PrepareLevel(i0.Pixels, w, h);
            for (var it = 0; it < _options.Iterations; it++)
                Iterate(i0.Pixels, _second[level].Pixels, w, h);
        }
        _u.AsSpan(0, Width * Height).CopyTo(flow.Dx);
        _v.AsSpan(0, Width * Height).CopyTo(flow.Dy);
    }

    /// <summary>Gradient of the first image and (G + λI)⁻¹ per pixel, stored as its entries a, b; b, c.</summary>
    private void PrepareLevel(float[] i0, int w, int h)
    {
        var n = w * h;
        ImageFilters.Gradient(i0, _ix, _iy, w, h);
        Products(_ix.AsSpan(0, n), _iy.AsSpan(0, n), _bx, _by, _ga);   // Ix², IxIy, Iy²
        ImageFilters.FilterSeparable(_bx, _gc, _tmp, w, h, _window);    // Σ Ix² -> gc
        ImageFilters.FilterSeparable(_by, _gb, _tmp, w, h, _window);    // Σ IxIy -> gb
        ImageFilters.FilterSeparable(_ga, _bx, _tmp, w, h, _window);    // Σ Iy² -> bx (scratch)
        var lambda = _options.Regularization;
        for (var i = 0; i < n; i++)
        {
            var gxx = _gc[i] + lambda;
            var gxy = _gb[i];
            var gyy = _bx[i] + lambda;
            var inv = 1f / (gxx * gyy - gxy * gxy);   // > 0: G is positive semi-definite and λ > 0
            _ga[i] = gyy * inv;
            _gb[i] = -gxy * inv;
            _gc[i] = gxx * inv;
        }
    }

    private static void Products(ReadOnlySpan<float> ix, ReadOnlySpan<float> iy, Span<float> xx, Span<float> xy, Span<float> yy)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= ix.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gx = new Vector<float>(ix[i..]);
                var gy = new Vector<float>(iy[i..]);
                (gx * gx).CopyTo(xx[i..]);
                (gx * gy).CopyTo(xy[i..]);
                (gy * gy).CopyTo(yy[i..]);
            }
        }
        for (; i < ix.Length; i++)
        {
            xx[i] = ix[i] * ix[i];
            xy[i] = ix[i] * iy[i];
            yy[i] = iy[i] * iy[i];
        }
    }

    /// <summary>One Gauss–Newton step: warp, per-pixel right-hand side, window sum, 2x2 solve.</summary>
    private void Iterate(float[] i0, float[] i1, int w, int h)
    {
        for (var y = 0; y < h; y++)
        {
            var x = _useAvx2 && w >= Vector256<float>.Count ? ResidualRowAvx2(i0, i1, w, h, y) : 0;
            for (; x < w; x++)
                ResidualPixel(i0, i1, w, h, x, y);
        }
        ImageFilters.FilterSeparable(_bx, _bx, _tmp, w, h, _window);
        ImageFilters.FilterSeparable(_by, _by, _tmp, w, h, _window);
        SolvePixels(w * h);
    }

    /// <summary>
    /// Pixel (x, y): r = I₁(x + u) − I₀(x) with I₁ sampled bilinearly, then b = ∇I (∇I·u − r) into _bx, _by.
    /// A sample outside the second image carries no evidence: r = 0 keeps the current flow there.
    /// </summary>
    private void ResidualPixel(float[] i0, float[] i1, int w, int h, int x, int y)
    {
        var i = y * w + x;
        float u = _u[i], v = _v[i];
        var xs = x + u;
        var ys = y + v;
        var r = 0f;
        if (xs >= 0f && ys >= 0f && xs <= w - 1 && ys <= h - 1)
        {
            var x0 = (int)xs;
            var y0 = (int)ys;
            var fx = xs - x0;
            var fy = ys - y0;
            var j = y0 * w + x0;
            var dx = x0 < w - 1 ? 1 : 0;
            var dy = y0 < h - 1 ? w : 0;
            var top = i1[j] + (i1[j + dx] - i1[j]) * fx;
            var bottom = i1[j + dy] + (i1[j + dy + dx] - i1[j + dy]) * fx;
            r = top + (bottom - top) * fy - i0[i];
        }
        var gx = _ix[i];
        var gy = _iy[i];
        var t = gx * u + gy * v - r;
        _bx[i] = gx * t;
        _by[i] = gy * t;
    }

    /// <summary>
    /// <see cref="ResidualPixel"/> for 8 pixels at a time with AVX2 gathers, the same operations in the same
    /// order (so the same bits); coordinates are clamped before the gather and outside samples masked after.
    /// Returns the first column it did not do.
    /// </summary>
    private unsafe int ResidualRowAvx2(float[] i0, float[] i1, int w, int h, int y)
    {
        var n8 = Vector256<float>.Count;
        var zero = Vector256<float>.Zero;
        var maxX = Vector256.Create((float)(w - 1));
        var maxY = Vector256.Create((float)(h - 1));
        var lastX = Vector256.Create(w - 1);
        var lastY = Vector256.Create(h - 1);
        var one = Vector256.Create(1);
        var stride = Vector256.Create(w);
        var vy = Vector256.Create((float)y);
        var iota = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        var x = 0;
        fixed (float* p0 = i0, p1 = i1, pu = _u, pv = _v, pgx = _ix, pgy = _iy, pbx = _bx, pby = _by)
        {
            for (; x <= w - n8; x += n8)
            {
                var i = y * w + x;
                var u = Avx.LoadVector256(pu + i);
                var v = Avx.LoadVector256(pv + i);
                var xs = iota + Vector256.Create((float)x) + u;
                var ys = vy + v;
                var inside = Vector256.GreaterThanOrEqual(xs, zero) & Vector256.GreaterThanOrEqual(ys, zero)
                           & Vector256.LessThanOrEqual(xs, maxX) & Vector256.LessThanOrEqual(ys, maxY);
                // maxps/minps return the second operand for a NaN: the gather index stays in range whatever the flow holds.
                var xc = Avx.Min(Avx.Max(xs, zero), maxX);
                var yc = Avx.Min(Avx.Max(ys, zero), maxY);
                var x0 = Avx.ConvertToVector256Int32WithTruncation(xc);
                var y0 = Avx.ConvertToVector256Int32WithTruncation(yc);
                var fx = xc - Avx.ConvertToVector256Single(x0);
                var fy = yc - Avx.ConvertToVector256Single(y0);
                var dx = Vector256.LessThan(x0, lastX) & one;
                var dy = Vector256.LessThan(y0, lastY) & stride;
                var j = Avx2.MultiplyLow(y0, stride) + x0;
                var a = Avx2.GatherVector256(p1, j, 4);
                var b = Avx2.GatherVector256(p1, j + dx, 4);
                var c = Avx2.GatherVector256(p1, j + dy, 4);
                var d = Avx2.GatherVector256(p1, j + dy + dx, 4);
                var top = a + (b - a) * fx;
                var bottom = c + (d - c) * fx;
                var r = (top + (bottom - top) * fy - Avx.LoadVector256(p0 + i)) & inside;
                var gx = Avx.LoadVector256(pgx + i);
                var gy = Avx.LoadVector256(pgy + i);
                var t = gx * u + gy * v - r;
                Avx.Store(pbx + i, gx * t);
                Avx.Store(pby + i, gy * t);
            }
        }
        return x;
    }

    private void SolvePixels(int n)
    {
        var lambda = _options.Regularization;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vl = new Vector<float>(lambda);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var bx = new Vector<float>(_bx.AsSpan(i)) + vl * new Vector<float>(_u.AsSpan(i));
                var by = new Vector<float>(_by.AsSpan(i)) + vl * new Vector<float>(_v.AsSpan(i));
                var a = new Vector<float>(_ga.AsSpan(i));
                var b = new Vector<float>(_gb.AsSpan(i));
                var c = new Vector<float>(_gc.AsSpan(i));
                (a * bx + b * by).CopyTo(_u.AsSpan(i));
                (b * bx + c * by).CopyTo(_v.AsSpan(i));
            }
        }
        for (; i < n; i++)
        {
            var bx = _bx[i] + lambda * _u[i];
            var by = _by[i] + lambda * _v[i];
            _u[i] = _ga[i] * bx + _gb[i] * by;
            _v[i] = _gb[i] * bx + _gc[i] * by;
        }
    }

    public void Dispose()
    {
    }
}
