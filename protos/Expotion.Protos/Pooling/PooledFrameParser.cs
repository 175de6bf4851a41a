using System.Buffers;
using Google.Protobuf;

namespace Expotion.V1;

/// <summary>
/// Parses a request whose only field is a <see cref="VideoFrame"/> (ExtractRequest and PerformRequest carrying a frame)
/// without allocating its pixels: the payload is copied once into a buffer from <see cref="ArrayPool{T}.Shared"/> and the
/// frame's <c>data</c> points into it (see <see cref="VideoFrame.Lease"/>). A 320×240 RGB24 frame is 230,400 bytes, above the
/// 85,000-byte large-object threshold, so the ordinary parser puts every frame on the large-object heap, collected only with
/// gen2. Any other message (a config, an end, a frame with fields this parser does not know how to place) goes through the
/// ordinary parser, so the result is always what <see cref="MessageParser{T}"/> would give. Hand-written: Google.Protobuf has no
/// hook for where a bytes field lands.
/// </summary>
public static class PooledFrameParser
{
    private const int DataField = 5;                         // VideoFrame.data
    private const int MinPooledBytes = 16 * 1024;            // smaller frames (JPEG thumbnails) are cheap as they are

    /// <summary>A gRPC marshaller for <typeparamref name="T"/>: ordinary serialization, pooled frame parsing.</summary>
    public static Grpc.Core.Marshaller<T> Marshaller<T>(MessageParser<T> parser, int frameField, Func<VideoFrame, T> wrap)
        where T : IMessage<T>, IBufferMessage => Grpc.Core.Marshallers.Create<T>(
            ProtoMarshallers.Serialize, context => Parse(context.PayloadAsReadOnlySequence(), parser, frameField, wrap));

    public static T Parse<T>(ReadOnlySequence<byte> payload, MessageParser<T> parser, int frameField, Func<VideoFrame, T> wrap)
        where T : IMessage<T>
    {
        if (payload.Length < MinPooledBytes || payload.Length > int.MaxValue) return parser.ParseFrom(payload);
        var length = (int)payload.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        payload.CopyTo(buffer);
        if (TryLocate(buffer.AsSpan(0, length), frameField, out var frame, out var data))
        {
            // The frame's fields without its pixels, parsed the ordinary way (so every field, known or not, is kept).
            var rest = new byte[frame.Length - data.Length];
            buffer.AsSpan(frame.Start, data.Start - frame.Start).CopyTo(rest);
            buffer.AsSpan(data.End, frame.End - data.End).CopyTo(rest.AsSpan(data.Start - frame.Start));
            var parsed = VideoFrame.Parser.ParseFrom(rest);
            parsed.AttachLease(buffer, data.ValueStart, data.End - data.ValueStart);
            return wrap(parsed);
        }
        try { return parser.ParseFrom(buffer.AsSpan(0, length)); }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>Where the frame (the message's one field) and its single data field lie; false for anything else.</summary>
    private static bool TryLocate(ReadOnlySpan<byte> message, int frameField, out Span frame, out Field data)
    {
        frame = default;
        data = default;
        var at = 0;
        if (!ReadTag(message, ref at, out var field, out var wire) || field != frameField || wire != 2) return false;
        if (!ReadVarint(message, ref at, out var frameLength) || frameLength > (ulong)(message.Length - at)) return false;
        frame = new Span(at, at + (int)frameLength);
        if (frame.End != message.Length) return false;       // another field after the frame: the ordinary parser decides
        var found = false;
        while (at < frame.End)
        {
            var fieldStart = at;
            if (!ReadTag(message, ref at, out field, out wire)) return false;
            switch (wire)
            {
                case 0: if (!ReadVarint(message, ref at, out _)) return false; break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    if (!ReadVarint(message, ref at, out var n) || n > (ulong)(frame.End - at)) return false;
                    if (field == DataField)
                    {
                        if (found) return false;                // repeated data: last one wins; leave it to the parser
                        (found, data) = (true, new Field(fieldStart, at, at + (int)n));
                    }
                    at += (int)n;
                    break;
                default: return false;                          // groups: leave to the parser
            }
            if (at > frame.End) return false;
        }
        return found;
    }

    private static bool ReadTag(ReadOnlySpan<byte> s, ref int at, out int field, out int wire)
    {
        field = wire = 0;
        if (!ReadVarint(s, ref at, out var tag) || tag > uint.MaxValue) return false;
        (field, wire) = ((int)(tag >> 3), (int)(tag & 7));
        return field > 0;
    }

    private static bool ReadVarint(ReadOnlySpan<byte> s, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && at < s.Length; shift += 7)
        {
            var b = s[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }

    private readonly record struct Span(int Start, int End)
    {
        public int Length => End - Start;
    }

    /// <summary>A length-delimited field: its tag's start, its value's start, its end.</summary>
    private readonly record struct Field(int Start, int ValueStart, int End)
    {
        public int Length => End - Start;
    }
}
