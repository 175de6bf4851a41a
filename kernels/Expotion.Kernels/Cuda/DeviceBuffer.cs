using System.Runtime.InteropServices;
using Expotion.Kernels.Native;

namespace Expotion.Kernels.Cuda;

/// <summary>Device memory for <see cref="Length"/> values of <typeparamref name="T"/> (cuMemAlloc), freed on dispose.</summary>
public sealed unsafe class DeviceBuffer<T> : IDisposable where T : unmanaged
{
    private readonly DeviceMemoryHandle _handle;

    internal DeviceBuffer(CudaDevice device, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Device = device;
        Length = length;
        _handle = new DeviceMemoryHandle(device.Context);
        ulong pointer;
        using (device.Bind())
            device.Check(device.Api.cuMemAlloc_v2(&pointer, (nuint)ByteLength));
        _handle.Attach((nint)pointer);
    }

    public CudaDevice Device { get; }

    public long Length { get; }

    public long ByteLength => Length * sizeof(T);

    /// <summary>The device address, for kernel arguments.</summary>
    internal ulong Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return (ulong)_handle.DangerousGetHandle();
        }
    }

    /// <summary>Copies <paramref name="source"/> to the device at element <paramref name="offset"/> (synchronous).</summary>
    public void CopyFrom(ReadOnlySpan<T> source, long offset = 0)
    {
        CheckRange(offset, source.Length);
        if (source.IsEmpty) return;
        using (Device.Bind())
        fixed (T* p = source)
            Device.Check(Device.Api.cuMemcpyHtoD_v2(Pointer + (ulong)(offset * sizeof(T)), p, (nuint)(source.Length * sizeof(T))));
    }

    /// <summary>Copies from the device at element <paramref name="offset"/> into <paramref name="destination"/> (synchronous).</summary>
    public void CopyTo(Span<T> destination, long offset = 0)
    {
        CheckRange(offset, destination.Length);
        if (destination.IsEmpty) return;
        using (Device.Bind())
        fixed (T* p = destination)
            Device.Check(Device.Api.cuMemcpyDtoH_v2(p, Pointer + (ulong)(offset * sizeof(T)), (nuint)(destination.Length * sizeof(T))));
    }

    /// <summary>Queues a copy from pinned host memory on <paramref name="stream"/>.</summary>
    public void CopyFromAsync(PinnedHostBuffer<T> source, int count, CudaStream stream)
    {
        CheckRange(0, count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, source.Length);
        using (Device.Bind())
            Device.Check(Device.Api.cuMemcpyHtoDAsync_v2(Pointer, (void*)source.Pointer, (nuint)(count * sizeof(T)), stream.Raw));
    }

    /// <summary>Queues a copy into pinned host memory on <paramref name="stream"/>.</summary>
    public void CopyToAsync(PinnedHostBuffer<T> destination, int count, CudaStream stream)
    {
        CheckRange(0, count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, destination.Length);
        using (Device.Bind())
            Device.Check(Device.Api.cuMemcpyDtoHAsync_v2((void*)destination.Pointer, Pointer, (nuint)(count * sizeof(T)), stream.Raw));
    }

    /// <summary>Queues a device-to-device copy of the whole buffer into <paramref name="destination"/>.</summary>
    public void CopyToAsync(DeviceBuffer<T> destination, CudaStream? stream = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Length);
        using (Device.Bind())
            Device.Check(Device.Api.cuMemcpyDtoDAsync_v2(destination.Pointer, Pointer, (nuint)ByteLength, stream?.Raw ?? 0));
    }

    /// <summary>Fills the buffer with a 32-bit pattern (T must be 4 bytes wide), e.g. NaN to catch unwritten outputs.</summary>
    public void Fill(uint bits, CudaStream? stream = null)
    {
        if (sizeof(T) != 4) throw new NotSupportedException($"Fill needs a 4-byte element type, not {typeof(T).Name}");
        using (Device.Bind())
            Device.Check(Device.Api.cuMemsetD32Async(Pointer, bits, (nuint)Length, stream?.Raw ?? 0));
    }

    private void CheckRange(long offset, long count)
    {
        if (offset < 0 || count < 0 || offset + count > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"elements {offset}..{offset + count} outside a buffer of {Length}");
    }

    public void Dispose() => _handle.Dispose();
}
