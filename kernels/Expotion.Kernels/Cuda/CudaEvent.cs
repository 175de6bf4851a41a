using Expotion.Kernels.Native;

namespace Expotion.Kernels.Cuda;

/// <summary>A CUDA event, for timing work on a stream.</summary>
public sealed unsafe class CudaEvent : IDisposable
{
    private readonly CudaEventHandle _handle;

    internal CudaEvent(CudaDevice device)
    {
        Device = device;
        _handle = new CudaEventHandle(device.Context);
        nint e;
        using (device.Bind())
            device.Check(device.Api.cuEventCreate(&e, 0));
        _handle.Attach(e);
    }

    public CudaDevice Device { get; }

    private nint Raw
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    public void Record(CudaStream? stream = null)
    {
        using (Device.Bind())
            Device.Check(Device.Api.cuEventRecord(Raw, stream?.Raw ?? 0));
    }

    public void Synchronize()
    {
        using (Device.Bind())
            Device.Check(Device.Api.cuEventSynchronize(Raw));
    }

    /// <summary>Milliseconds from <paramref name="start"/> to <paramref name="end"/>, both recorded and complete.</summary>
    public static float ElapsedMilliseconds(CudaEvent start, CudaEvent end)
    {
        float ms;
        using (start.Device.Bind())
            start.Device.Check(start.Device.Api.cuEventElapsedTime(&ms, start.Raw, end.Raw));
        return ms;
    }

    public void Dispose() => _handle.Dispose();
}
