using Expotion.Kernels.Native;

namespace Expotion.Kernels.Cuda;

/// <summary>Page-locked host memory (cuMemAllocHost): the source or target of asynchronous copies.</summary>
public sealed unsafe class PinnedHostBuffer<T> : IDisposable where T : unmanaged
{
    private readonly PinnedHostMemoryHandle _handle;

    internal PinnedHostBuffer(CudaDevice device, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Device = device;
        Length = length;
        _handle = new PinnedHostMemoryHandle(device.Context);
        void* p;
        using (device.Bind())
            device.Check(device.Api.cuMemAllocHost_v2(&p, (nuint)((long)length * sizeof(T))));
        _handle.Attach((nint)p);
    }

    public CudaDevice Device { get; }

    public int Length { get; }

    internal nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    public Span<T> AsSpan() => new((void*)Pointer, Length);

    public void Dispose() => _handle.Dispose();
}
