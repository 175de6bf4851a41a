using Expotion.Kernels.Native;

namespace Expotion.Kernels.Cuda;

/// <summary>A CUDA stream: launches and copies on it run in order, asynchronously to the host.</summary>
public sealed unsafe class CudaStream : IDisposable
{
    private readonly CudaStreamHandle _handle;

    internal CudaStream(CudaDevice device)
    {
        Device = device;
        _handle = new CudaStreamHandle(device.Context);
        nint stream;
        using (device.Bind())
            device.Check(device.Api.cuStreamCreate(&stream, 1));   // CU_STREAM_NON_BLOCKING
        _handle.Attach(stream);
    }

    public CudaDevice Device { get; }

    internal nint Raw
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    public void Synchronize()
    {
        using (Device.Bind())
            Device.Check(Device.Api.cuStreamSynchronize(Raw));
    }

    public void Dispose() => _handle.Dispose();
}
