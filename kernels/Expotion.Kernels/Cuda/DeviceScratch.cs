using System.Runtime.InteropServices;

namespace Expotion.Kernels.Cuda;

/// <summary>Grow-only device buffers, one per slot, that the span-based launchers stage host data through.</summary>
internal sealed class DeviceScratch(CudaDevice device) : IDisposable
{
    private readonly Dictionary<int, DeviceBuffer<byte>> _slots = [];

    /// <summary>A device address with room for <paramref name="bytes"/> in <paramref name="slot"/>.</summary>
    public ulong Reserve(int slot, long bytes)
    {
        bytes = Math.Max(bytes, 4);
        // On a GPU, grow only and with some slack, so that a batch that grows a little does not reallocate
        // every call. In emulation, exactly the size asked for: then the AddressSanitizer build's redzones sit
        // right after the data and catch a kernel that reads one value too far.
        var fits = _slots.TryGetValue(slot, out var buffer) && (device.IsEmulated ? buffer.Length == bytes : buffer.Length >= bytes);
        if (!fits)
        {
            buffer?.Dispose();
            _slots[slot] = buffer = device.Allocate<byte>(device.IsEmulated ? bytes : Math.Max(bytes, Math.Min(bytes * 5 / 4, bytes + (64L << 20))));
        }
        return buffer!.Pointer;
    }

    public ulong Upload<T>(int slot, ReadOnlySpan<T> data) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(data);
        var pointer = Reserve(slot, bytes.Length);
        _slots[slot].CopyFrom(bytes);
        return pointer;
    }

    public void Download<T>(int slot, Span<T> destination) where T : unmanaged =>
        _slots[slot].CopyTo(MemoryMarshal.AsBytes(destination));

    public void Dispose()
    {
        foreach (var b in _slots.Values) b.Dispose();
        _slots.Clear();
    }
}
