using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Flow;

/// <summary>
/// One stream's device buffers for <see cref="CudaOpticalFlow"/>. Both frames of a pair travel together: pyramid
/// level l is one buffer of [2 × h_l × w_l] (previous, next), so each blur and decimation is one launch for both.
/// Scratch planes are full size; a coarser level uses their first w_l·h_l values, as the CPU session does.
/// </summary>
internal sealed unsafe class CudaOpticalFlowSession : IOpticalFlowSession
{
    private const uint BlockX = 32, BlockY = 8, Threads = 256;
    private const float GradientA = 8f / 12f, GradientB = 1f / 12f;   // as ImageFilters.Gradient

    private readonly CudaOpticalFlow _owner;
    private readonly (int W, int H)[] _sizes;
    private readonly DeviceBuffer<float>[] _pyramid;
    private readonly DeviceBuffer<float>? _source;
    private readonly DeviceBuffer<float> _ix, _iy, _prod, _sums, _inv, _rhs, _tmp;
    private DeviceBuffer<float> _u, _v, _cu, _cv;
    private bool _disposed;
    private GrayImage? _last;   // Next: the last frame, kept on the host (the pair travels together; keeping its half of
                                // the device pyramid is issue 19's batching step)

    public CudaOpticalFlowSession(CudaOpticalFlow owner, int width, int height)
    {
        var area = GrayImage.CheckedArea(width, height);
        _owner = owner;
        Width = width;
        Height = height;
        var options = owner.Options;
        var levels = GaussianPyramid.CountLevels(width, height, options.MaxLevels, options.MinLevelSize);
        _sizes = new (int, int)[levels];
        for (int l = 0, w = width, h = height; l < levels; l++, w = (w + 1) / 2, h = (h + 1) / 2)
            _sizes[l] = (w, h);
        var device = owner.Device;
        _pyramid = _sizes.Select(s => device.Allocate<float>(2L * s.W * s.H)).ToArray();
        if (owner.PreBlur is not null)
            _source = device.Allocate<float>(2L * area);
        // The horizontal pass writes up to 3 planes (the products) or 2 decimated frames.
        var tmp = Math.Max(3L * area, 2L * ((width + 1) / 2) * height);
        _tmp = device.Allocate<float>(tmp);
        _ix = device.Allocate<float>(area);
        _iy = device.Allocate<float>(area);
        _prod = device.Allocate<float>(3L * area);
        _sums = device.Allocate<float>(3L * area);
        _inv = device.Allocate<float>(3L * area);
        _rhs = device.Allocate<float>(2L * area);
        _u = device.Allocate<float>(area);
        _v = device.Allocate<float>(area);
        _cu = device.Allocate<float>(area);
        _cv = device.Allocate<float>(area);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Pyramid levels, the full-resolution one included.</summary>
    public int LevelCount => _sizes.Length;

    public void Compute(GrayImage previous, GrayImage next, FlowField flow)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(flow);
        Check(previous.Width, previous.Height, nameof(previous));
        Check(next.Width, next.Height, nameof(next));
        if (flow.Width != Width || flow.Height != Height)
            throw new ArgumentException($"flow is {flow.Width}x{flow.Height}, the session {Width}x{Height}", nameof(flow));
        var area = Width * Height;
        var options = _owner.Options;

        // Level 0 of both pyramids: the frames, or the frames blurred.
        var target = _source ?? _pyramid[0];
        target.CopyFrom(previous.Pixels);
        target.CopyFrom(next.Pixels, area);
        if (_source is not null)
        {
            var r = (int)(_owner.PreBlur!.Length / 2);
            FilterRows(_source.Pointer, _tmp.Pointer, _owner.PreBlur.Pointer, r, 1, Width, Height, Width, 2);
            FilterCols(_tmp.Pointer, _pyramid[0].Pointer, _owner.PreBlur.Pointer, r, 1, Width, Height, Height, 2);
        }
        for (var l = 1; l < _sizes.Length; l++)
        {
            var (fw, fh) = _sizes[l - 1];
            var (dw, dh) = _sizes[l];
            FilterRows(_pyramid[l - 1].Pointer, _tmp.Pointer, _owner.Binomial.Pointer, 2, 2, fw, fh, dw, 2);
            FilterCols(_tmp.Pointer, _pyramid[l].Pointer, _owner.Binomial.Pointer, 2, 2, dw, fh, dh, 2);
        }

        var radius = options.WindowRadius;
        var window = _owner.Window.Pointer;
        for (var level = _sizes.Length - 1; level >= 0; level--)
        {
            var (w, h) = _sizes[level];
            long n = (long)w * h;
            if (level == _sizes.Length - 1)
            {
                _u.Fill(0);
                _v.Fill(0);
            }
            else
            {
                (_u, _cu) = (_cu, _u);
                (_v, _cv) = (_cv, _v);
                var (cw, ch) = _sizes[level + 1];
                Launch2D(_owner.Upsample, w, h, 1, [_cu.Pointer, _cv.Pointer], cw, ch, _u.Pointer, _v.Pointer);
            }
            var i0 = _pyramid[level].Pointer;
            var i1 = i0 + (ulong)(n * sizeof(float));

            // The structure tensor over the window and its regularised inverse.
            LaunchGradient(i0, w, h);
            FilterRows(_prod.Pointer, _tmp.Pointer, window, radius, 1, w, h, w, 3);
            FilterCols(_tmp.Pointer, _sums.Pointer, window, radius, 1, w, h, h, 3);
            LaunchTensorInverse(n, options.Regularization);

            for (var it = 0; it < options.Iterations; it++)
            {
                LaunchResidual(i0, i1, w, h);
                FilterRows(_rhs.Pointer, _tmp.Pointer, window, radius, 1, w, h, w, 2);
                FilterCols(_tmp.Pointer, _rhs.Pointer, window, radius, 1, w, h, h, 2);
                LaunchSolve(n, options.Regularization);
            }
        }
        _u.CopyTo(flow.Dx.AsSpan(0, area));
        _v.CopyTo(flow.Dy.AsSpan(0, area));
        Keep(next);
    }

    public bool Next(GrayImage next, FlowField flow)
    {
        ArgumentNullException.ThrowIfNull(next);
        Check(next.Width, next.Height, nameof(next));
        if (_last is null)
        {
            Keep(next);
            return false;
        }
        Compute(_last, next, flow);
        return true;
    }

    private void Keep(GrayImage frame)
    {
        _last ??= new GrayImage(Width, Height);
        if (!ReferenceEquals(frame, _last)) frame.Pixels.AsSpan().CopyTo(_last.Pixels);
    }

    private void Check(int w, int h, string name)
    {
        if (w != Width || h != Height)
            throw new ArgumentException($"image is {w}x{h}, the session {Width}x{Height}", name);
    }

    private static Dim3 Grid(int w, int h, int images) =>
        new((uint)((w + BlockX - 1) / BlockX), (uint)((h + BlockY - 1) / BlockY), (uint)images);

    private void FilterRows(ulong src, ulong dst, ulong taps, int radius, int step, int w, int h, int dw, int images)
    {
        var args = stackalloc void*[] { &src, &dst, &taps, &radius, &step, &w, &h, &dw, &images };
        _owner.FilterRows.Launch(Grid(dw, h, images), new Dim3(BlockX, BlockY), null, args);
    }

    private void FilterCols(ulong src, ulong dst, ulong taps, int radius, int step, int w, int h, int dh, int images)
    {
        var args = stackalloc void*[] { &src, &dst, &taps, &radius, &step, &w, &h, &dh, &images };
        _owner.FilterCols.Launch(Grid(w, dh, images), new Dim3(BlockX, BlockY), null, args);
    }

    private void LaunchGradient(ulong image, int w, int h)
    {
        ulong ix = _ix.Pointer, iy = _iy.Pointer, prod = _prod.Pointer;
        float a = GradientA, b = GradientB;
        var images = 1;
        var args = stackalloc void*[] { &image, &ix, &iy, &prod, &a, &b, &w, &h, &images };
        _owner.Gradient.Launch(Grid(w, h, 1), new Dim3(BlockX, BlockY), null, args);
    }

    private void LaunchTensorInverse(long count, float lambda)
    {
        ulong sums = _sums.Pointer, inv = _inv.Pointer;
        var args = stackalloc void*[] { &sums, &inv, &lambda, &count };
        _owner.TensorInverse.Launch(LaunchShape.Blocks(_owner.Device, count, Threads), Threads, null, args);
    }

    private void LaunchResidual(ulong i0, ulong i1, int w, int h)
    {
        ulong ix = _ix.Pointer, iy = _iy.Pointer, u = _u.Pointer, v = _v.Pointer, rhs = _rhs.Pointer;
        var images = 1;
        var args = stackalloc void*[] { &i0, &i1, &ix, &iy, &u, &v, &rhs, &w, &h, &images };
        _owner.Residual.Launch(Grid(w, h, 1), new Dim3(BlockX, BlockY), null, args);
    }

    private void LaunchSolve(long count, float lambda)
    {
        ulong inv = _inv.Pointer, rhs = _rhs.Pointer, u = _u.Pointer, v = _v.Pointer;
        var args = stackalloc void*[] { &inv, &rhs, &u, &v, &lambda, &count };
        _owner.Solve.Launch(LaunchShape.Blocks(_owner.Device, count, Threads), Threads, null, args);
    }

    private void Launch2D(CudaFunction kernel, int w, int h, int images, ulong[] coarse, int cw, int ch, ulong u, ulong v)
    {
        ulong cu = coarse[0], cv = coarse[1];
        var args = stackalloc void*[] { &cu, &cv, &cw, &ch, &u, &v, &w, &h, &images };
        kernel.Launch(Grid(w, h, images), new Dim3(BlockX, BlockY), null, args);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var b in _pyramid) b.Dispose();
        _source?.Dispose();
        foreach (var b in new[] { _ix, _iy, _prod, _sums, _inv, _rhs, _tmp, _u, _v, _cu, _cv }) b.Dispose();
    }
}
