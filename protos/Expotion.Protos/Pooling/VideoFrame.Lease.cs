using System.Buffers;
using Google.Protobuf;

namespace Expotion.V1;

/// <summary>
/// A frame whose <see cref="Data"/> lives in a pooled buffer (parsed by <see cref="PooledFrameParser"/>) carries the
/// buffer's <see cref="Lease"/>: disposing it returns the buffer to the pool and empties <see cref="Data"/>.
/// Frames built or parsed the ordinary way have no lease. Not part of the message: copies and the wire never see it.
/// </summary>
public sealed partial class VideoFrame
{
    private FrameLease? _lease;

    /// <summary>The pooled buffer behind <see cref="Data"/>, or null; dispose it once the pixels have been read.</summary>
    public IDisposable? Lease => _lease;

    internal void AttachLease(byte[] buffer, int offset, int length)
    {
        data_ = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(offset, length));
        _lease = new FrameLease(this, buffer);
    }

    private sealed class FrameLease(VideoFrame frame, byte[] buffer) : IDisposable
    {
        private byte[]? _buffer = buffer;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _buffer, null) is not { } returned) return;
            frame.data_ = ByteString.Empty;   // nothing reads recycled pixels through this frame
            ArrayPool<byte>.Shared.Return(returned);
        }
    }
}
