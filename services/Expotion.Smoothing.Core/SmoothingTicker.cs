using Expotion.Core;
using Expotion.Kernels.Cuda;
using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;

namespace Expotion.Smoothing.Core;

/// <summary>
/// The per-process tick of live smoothing streams. Every 20 ms (the 50 Hz grid) it takes the new feature frames of all
/// live streams, resamples them onto the grid in one <see cref="IBatchResampler.ResampleToGrid"/> call per feature width,
/// runs one <see cref="IBatchSmoother.Exponential"/> (causal streams) and one <see cref="IBatchSmoother.Gaussian"/> per
/// window (centred streams) over all of them, and hands every stream its conditions. Each stream keeps its filter state
/// (held frame, exponential state, Gaussian window) between ticks. With the CPU reference or exact-mode CUDA twins the
/// conditions equal <see cref="TimelineAligner"/>'s bit for bit. A backend call that fails moves the ticks to the CPU
/// reference, with one logged reason, and the tick is run again there.
/// </summary>
public sealed partial class SmoothingTicker : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMicroseconds(TimeGrid.PeriodUs);

    private readonly Lock _gate = new();
    private readonly List<TickStream> _streams = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<string>? _log;
    private readonly IDisposable[] _owned;
    private IBatchResampler _resampler;
    private IBatchSmoother _smoother;
    private bool _onCpu;
    private Task? _loop;

    /// <param name="owned">Disposed with the ticker (the twins it made).</param>
    public SmoothingTicker(IBatchResampler resampler, IBatchSmoother smoother, string description, Action<string>? log = null, params IDisposable[] owned)
    {
        _resampler = resampler;
        _smoother = smoother;
        _onCpu = resampler is CpuResampler && smoother is CpuSmoother;
        Description = description;
        _log = log;
        _owned = owned;
    }

    /// <summary>
    /// The ticker for a process's kernel backend: the CPU reference, or on a CUDA device (or its emulation) its own
    /// exact-mode resampler and smoother (--fmad=false), so that batched streams equal the per-stream path bit for bit.
    /// </summary>
    public static SmoothingTicker For(KernelBackend backend, Action<string>? log = null) =>
        backend.Device is { } device ? OnDevice(device, log) : Cpu(log);

    public static SmoothingTicker Cpu(Action<string>? log = null) =>
        new(CpuResampler.Instance, CpuSmoother.Instance, "smoothing ticks on the CPU reference", log);

    public static SmoothingTicker OnDevice(CudaDevice device, Action<string>? log = null)
    {
        var resampler = new CudaResampler(device, KernelFloatMode.Exact);
        try
        {
            var smoother = new CudaSmoother(device, KernelFloatMode.Exact);
            return new SmoothingTicker(resampler, smoother, $"smoothing ticks on CUDA device {device.Ordinal} ({device.Name}, exact mode)", log, resampler, smoother);
        }
        catch
        {
            resampler.Dispose();
            throw;
        }
    }

    /// <summary>What runs the ticks: the backend and its mode.</summary>
    public string Description { get; private set; }

    /// <summary>Live streams in the ticker now.</summary>
    public int StreamCount
    {
        get { lock (_gate) return _streams.Count(s => !s.Left); }
    }

    /// <summary>Streams that have joined the ticker since it was made.</summary>
    public long Joined => Interlocked.Read(ref _joined);

    private long _joined;

    internal TickStream Join(AlignSettings settings)
    {
        var stream = new TickStream(settings);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _streams.Add(stream);
            _joined++;
            _loop ??= Task.Run(RunAsync);
        }
        return stream;
    }

    internal static void Leave(TickStream stream) => stream.Left = true;

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    Tick();
                }
                catch (Exception e)
                {
                    // Not a backend failure (Guard handles those): end the streams of this tick with it rather than stall them.
                    _log?.Invoke($"smoothing tick failed: {e}");
                    lock (_gate) Fail([.. _streams], e);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    /// <summary>One tick: take, resample, smooth, hand out, for every live stream.</summary>
    internal void Tick()
    {
        TickStream[] streams;
        lock (_gate)
        {
            _streams.RemoveAll(s => s.Left);
            streams = [.. _streams];
        }
        var active = streams.Where(Take).ToList();
        if (active.Count == 0) return;
        foreach (var group in active.Where(s => s.Taken.Count > 0).GroupBy(s => s.Dims))
            Guard([.. group], Resample);
        foreach (var group in Live(active, SmoothingMode.Causal).Where(s => s.Rows.Length > 0).GroupBy(s => s.Dims))
            Guard([.. group], Causal);
        foreach (var s in Live(active, SmoothingMode.Centred)) AddToWindow(s);
        foreach (var group in Live(active, SmoothingMode.Centred).GroupBy(s => (s.Dims, s.Radius, s.Settings.SmoothingMs)))
            Guard([.. group], Centred);
        foreach (var s in active.Where(s => s.Ending && !s.Left))
        {
            s.Outbox.Writer.TryComplete(s.Fault);
            s.Left = true;
        }
    }

    private static IEnumerable<TickStream> Live(List<TickStream> active, SmoothingMode mode) =>
        active.Where(s => !s.Left && s.Settings.Mode == mode);

    // The stream's frames for this tick, unless its reader is behind; true when there is something to do.
    private static bool Take(TickStream s)
    {
        s.Taken.Clear();
        s.Rows = [];
        s.Ending = false;
        if (s.Left || s.Outbox.Reader.Count >= TickStream.MaxBacklog) return false;
        while (s.Taken.Count < TickStream.FramesPerTick && s.Inbox.Reader.TryRead(out var frame))
            s.Taken.Add(frame);
        if (s.Taken.Count < TickStream.FramesPerTick && s.Inbox.Reader.Completion.IsCompleted)
        {
            s.Ending = true;
            s.Fault = s.PumpError;
        }
        return s.Taken.Count > 0 || s.Ending;
    }

    // One backend step over a group; a failing device moves the ticks to the CPU reference and the step runs again there.
    private void Guard(List<TickStream> group, Action<List<TickStream>> step)
    {
        try
        {
            step(group);
            return;
        }
        catch (Exception e) when (!_onCpu)
        {
            _log?.Invoke($"{Description} failed ({e.GetType().Name}: {e.Message.Split('\n')[0]}); the smoothing ticks run on the CPU reference from now on");
            _resampler = CpuResampler.Instance;
            _smoother = CpuSmoother.Instance;
            _onCpu = true;
            Description = "smoothing ticks on the CPU reference (the device failed)";
        }
        catch (Exception e)
        {
            Fail(group, e);
            return;
        }
        try
        {
            step(group);
        }
        catch (Exception e)
        {
            Fail(group, e);
        }
    }

    private static void Fail(List<TickStream> group, Exception e)
    {
        foreach (var s in group)
        {
            s.Outbox.Writer.TryComplete(e);
            s.Left = true;
        }
    }

    public void Dispose()
    {
        Task? loop;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested) return;
            _stop.Cancel();
            loop = _loop;
        }
        try
        {
            loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException) { }
        lock (_gate)
        {
            foreach (var s in _streams) s.Outbox.Writer.TryComplete(new OperationCanceledException("the smoothing ticker stopped"));
            _streams.Clear();
        }
        foreach (var d in _owned) d.Dispose();
        _stop.Dispose();
    }
}
