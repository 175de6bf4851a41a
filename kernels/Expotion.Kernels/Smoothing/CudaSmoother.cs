using System.Runtime.InteropServices;
using Expotion.Kernels.Batching;
using Expotion.Kernels.Cuda;

namespace Expotion.Kernels.Smoothing;

/// <summary>
/// The CUDA twin of <see cref="CpuSmoother"/>'s batched methods: kernels/smooth.cu, one launch per call for
/// all streams. The span methods stage data through device buffers (thread-safe, one call at a time); the
/// <see cref="DeviceBuffer{T}"/> overloads work on data already on the device and return at once.
/// </summary>
public sealed unsafe class CudaSmoother : IBatchSmoother, IDisposable
{
    public const string GaussianKernel = "expotion_smooth_gaussian_f32";
    public const string ExponentialKernel = "expotion_smooth_exponential_f32";
    public const string ExponentialStepKernel = "expotion_smooth_exponential_step_f32";
    public const string OneEuroKernel = "expotion_smooth_one_euro_f32";

    /// <summary>gridDim.z holds the stream index; larger batches are launched in slices of this many streams.</summary>
    private const int MaxStreamsPerLaunch = 65535;
    private const int GaussDims = 32, GaussRows = 8, GaussTile = 32;   // as EXPOTION_GAUSS_* in smooth.cu

    private readonly CudaFunction _gaussian, _exponential, _step, _oneEuro;
    private readonly DeviceScratch _scratch;
    private readonly Lock _gate = new();

    public CudaSmoother(CudaDevice device, KernelFloatMode mode = KernelFloatMode.Fast)
    {
        Device = device;
        var module = device.LoadModule(KernelSources.Smooth, mode);
        _gaussian = module.GetFunction(GaussianKernel);
        _exponential = module.GetFunction(ExponentialKernel);
        _step = module.GetFunction(ExponentialStepKernel);
        _oneEuro = module.GetFunction(OneEuroKernel);
        _scratch = new DeviceScratch(device);
    }

    public CudaDevice Device { get; }

    public void Gaussian(ReadOnlySpan<float> src, ReadOnlySpan<int> lengths, BatchShape shape, ReadOnlySpan<float> weights, Span<float> dst)
    {
        CheckSeries(src.Length, lengths, shape, dst.Length);
        var radius = BatchChecks.Window(weights);
        lock (_gate)
        {
            var s = _scratch.Upload(0, src[..(int)shape.Length]);
            var l = _scratch.Upload(1, lengths[..shape.Streams]);
            var w = _scratch.Upload(2, weights);
            var d = _scratch.Reserve(3, shape.Length * sizeof(float));
            LaunchGaussian(s, l, w, radius, d, shape, null);
            _scratch.Download(3, dst[..(int)shape.Length]);
        }
    }

    /// <summary>
    /// <see cref="Gaussian(ReadOnlySpan{float}, ReadOnlySpan{int}, BatchShape, ReadOnlySpan{float}, Span{float})"/> on device
    /// buffers (lengths [streams], weights [2·radius + 1]), queued on <paramref name="stream"/>. The weights are not checked here.
    /// </summary>
    public void Gaussian(DeviceBuffer<float> src, DeviceBuffer<int> lengths, BatchShape shape, DeviceBuffer<float> weights, DeviceBuffer<float> dst, CudaStream? stream = null)
    {
        shape.Validate();
        BatchChecks.Buffer(src.Length, shape.Length, nameof(src));
        BatchChecks.Buffer(dst.Length, shape.Length, nameof(dst));
        BatchChecks.Buffer(lengths.Length, shape.Streams, nameof(lengths));
        if (weights.Length % 2 != 1) throw new ArgumentException($"a centred window has an odd number of weights, not {weights.Length}", nameof(weights));
        LaunchGaussian(src.Pointer, lengths.Pointer, weights.Pointer, (int)(weights.Length / 2), dst.Pointer, shape, stream);
    }

    public void Exponential(ReadOnlySpan<float> src, ReadOnlySpan<int> lengths, BatchShape shape, ReadOnlySpan<float> alpha, Span<float> dst)
    {
        CheckSeries(src.Length, lengths, shape, dst.Length);
        BatchChecks.Alpha(alpha, shape.Streams);
        lock (_gate)
        {
            var s = _scratch.Upload(0, src[..(int)shape.Length]);
            var l = _scratch.Upload(1, lengths[..shape.Streams]);
            var a = _scratch.Upload(2, alpha[..shape.Streams]);
            var d = _scratch.Reserve(3, shape.Length * sizeof(float));
            LaunchColumns(_exponential, s, l, a, d, shape, null);
            _scratch.Download(3, dst[..(int)shape.Length]);
        }
    }

    /// <summary>The exponential filter on device buffers (lengths and alpha [streams]), queued on <paramref name="stream"/>.</summary>
    public void Exponential(DeviceBuffer<float> src, DeviceBuffer<int> lengths, BatchShape shape, DeviceBuffer<float> alpha, DeviceBuffer<float> dst, CudaStream? stream = null)
    {
        shape.Validate();
        BatchChecks.Buffer(src.Length, shape.Length, nameof(src));
        BatchChecks.Buffer(dst.Length, shape.Length, nameof(dst));
        BatchChecks.Buffer(lengths.Length, shape.Streams, nameof(lengths));
        BatchChecks.Buffer(alpha.Length, shape.Streams, nameof(alpha));
        LaunchColumns(_exponential, src.Pointer, lengths.Pointer, alpha.Pointer, dst.Pointer, shape, stream);
    }

    public void ExponentialStep(Span<float> state, ReadOnlySpan<float> x, int streams, int dims, ReadOnlySpan<float> alpha)
    {
        new BatchShape(streams, 1, dims).Validate();
        var n = (long)streams * dims;
        BatchChecks.Buffer(state.Length, n, nameof(state));
        BatchChecks.Buffer(x.Length, n, nameof(x));
        BatchChecks.Alpha(alpha, streams);
        lock (_gate)
        {
            var st = _scratch.Upload(0, (ReadOnlySpan<float>)state[..(int)n]);
            var xs = _scratch.Upload(1, x[..(int)n]);
            var a = _scratch.Upload(2, alpha[..streams]);
            LaunchStep(st, xs, a, streams, dims, null);
            _scratch.Download(0, state[..(int)n]);
        }
    }

    /// <summary>One live tick on device buffers ([streams × dims] state and input, [streams] alpha), queued on <paramref name="stream"/>.</summary>
    public void ExponentialStep(DeviceBuffer<float> state, DeviceBuffer<float> x, int streams, int dims, DeviceBuffer<float> alpha, CudaStream? stream = null)
    {
        new BatchShape(streams, 1, dims).Validate();
        BatchChecks.Buffer(state.Length, (long)streams * dims, nameof(state));
        BatchChecks.Buffer(x.Length, (long)streams * dims, nameof(x));
        BatchChecks.Buffer(alpha.Length, streams, nameof(alpha));
        LaunchStep(state.Pointer, x.Pointer, alpha.Pointer, streams, dims, stream);
    }

    public void OneEuro(ReadOnlySpan<float> src, ReadOnlySpan<int> lengths, BatchShape shape, ReadOnlySpan<OneEuroParameters> parameters, Span<float> dst)
    {
        CheckSeries(src.Length, lengths, shape, dst.Length);
        BatchChecks.PerStream(parameters.Length, shape.Streams, nameof(parameters));
        for (var i = 0; i < shape.Streams; i++) parameters[i].Validate(i);
        lock (_gate)
        {
            var s = _scratch.Upload(0, src[..(int)shape.Length]);
            var l = _scratch.Upload(1, lengths[..shape.Streams]);
            var p = _scratch.Upload(2, MemoryMarshal.Cast<OneEuroParameters, float>(parameters[..shape.Streams]));
            var d = _scratch.Reserve(3, shape.Length * sizeof(float));
            LaunchColumns(_oneEuro, s, l, p, d, shape, null);
            _scratch.Download(3, dst[..(int)shape.Length]);
        }
    }

    private void LaunchGaussian(ulong s, ulong l, ulong w, int radius, ulong d, BatchShape shape, CudaStream? stream)
    {
        int frames = shape.Frames, dims = shape.Dims, streams;
        ulong src, dst, len;
        var args = stackalloc void*[] { &src, &len, &w, &radius, &dst, &streams, &frames, &dims };
        for (var first = 0; first < shape.Streams; first += MaxStreamsPerLaunch)
        {
            streams = Math.Min(MaxStreamsPerLaunch, shape.Streams - first);
            src = s + (ulong)((long)first * shape.StreamLength * sizeof(float));
            dst = d + (ulong)((long)first * shape.StreamLength * sizeof(float));
            len = l + (ulong)(first * sizeof(int));
            var grid = new Dim3((uint)((dims + GaussDims - 1) / GaussDims), (uint)((frames + GaussTile - 1) / GaussTile), (uint)streams);
            _gaussian.Launch(grid, new Dim3(GaussDims, GaussRows), stream, args);
        }
    }

    // Kernels with one thread per (stream, dim) column: exponential and one-euro share the signature.
    private void LaunchColumns(CudaFunction kernel, ulong s, ulong l, ulong p, ulong d, BatchShape shape, CudaStream? stream)
    {
        int streams = shape.Streams, frames = shape.Frames, dims = shape.Dims;
        var args = stackalloc void*[] { &s, &l, &p, &d, &streams, &frames, &dims };
        kernel.Launch(LaunchShape.Blocks(Device, (long)streams * dims, 128), 128, stream, args);
    }

    private void LaunchStep(ulong state, ulong x, ulong alpha, int streams, int dims, CudaStream? stream)
    {
        var args = stackalloc void*[] { &state, &x, &alpha, &streams, &dims };
        _step.Launch(LaunchShape.Blocks(Device, (long)streams * dims, 256), 256, stream, args);
    }

    private static void CheckSeries(long srcLength, ReadOnlySpan<int> lengths, BatchShape shape, long dstLength)
    {
        shape.Validate();
        BatchChecks.Buffer(srcLength, shape.Length, "src");
        BatchChecks.Buffer(dstLength, shape.Length, "dst");
        BatchChecks.Lengths(lengths, shape);
    }

    public void Dispose() => _scratch.Dispose();
}
