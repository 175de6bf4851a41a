using System.Buffers;
using Expotion.V1;
using Google.Protobuf;

namespace Expotion.Fuzz.Tests;

/// <summary>
/// The vision stage's pooled frame parser (<see cref="PooledFrameParser"/>) must give exactly what the ordinary protobuf
/// parser gives, for every input: well-formed frames, other messages, and hostile bytes.
/// </summary>
public sealed class PooledFrameParserTests
{
    private static ExtractRequest Parse(byte[] bytes) =>
        PooledFrameParser.Parse(new ReadOnlySequence<byte>(bytes), ExtractRequest.Parser, ExtractRequest.FrameFieldNumber, f => new ExtractRequest { Frame = f });

    private static VideoFrame Frame(int width = 320, int height = 240, int seed = 1)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        return new VideoFrame
        {
            PtsUs = 123_456, Width = width, Height = height, Format = PixelFormat.Rgb24, Data = ByteString.CopyFrom(pixels),
            Timing = new HopTimes { CaptureUs = 1, SendUs = 2 },
        };
    }

    [Fact]
    public void Parse_LargeFrame_EqualsOrdinaryParseAndIsLeased()
    {
        var bytes = new ExtractRequest { Frame = Frame() }.ToByteArray();
        var pooled = Parse(bytes);
        Assert.Equal(ExtractRequest.Parser.ParseFrom(bytes), pooled);
        Assert.NotNull(pooled.Frame.Lease);
        pooled.Frame.Lease!.Dispose();
    }

    [Fact]
    public void Parse_UnknownFieldInFrame_KeptAsTheOrdinaryParserKeepsIt()
    {
        var frame = Frame().ToByteArray();
        var extra = new byte[] { 0xF8, 0x06, 0x2A };   // field 111, varint 42: a field from a newer client
        var withExtra = frame.Concat(extra).ToArray();
        var bytes = new byte[] { 0x12 }.Concat(Varint(withExtra.Length)).Concat(withExtra).ToArray();
        var ordinary = ExtractRequest.Parser.ParseFrom(bytes);
        Assert.Equal(ordinary, Parse(bytes));
        Assert.Equal(ordinary.ToByteArray(), Parse(bytes).ToByteArray());
    }

    [Fact]
    public void Parse_OtherMessagesAndSmallFrames_AreOrdinaryAndNotLeased()
    {
        foreach (var message in new[]
        {
            new ExtractRequest { Config = new ExtractConfig { AnalysisWidth = 160, LiveFrameQueue = 2 } },
            new ExtractRequest { End = new End() },
            new ExtractRequest { Frame = Frame(16, 12) },
            new ExtractRequest(),
        })
        {
            var parsed = Parse(message.ToByteArray());
            Assert.Equal(message, parsed);
            Assert.Null(parsed.Frame?.Lease);
        }
    }

    [Fact]
    public void Parse_DataFieldTwice_LastOneWinsAsInTheOrdinaryParser()
    {
        var first = Frame(seed: 1).ToByteArray();
        var second = new VideoFrame { Data = Frame(seed: 2).Data }.ToByteArray();
        var both = first.Concat(second).ToArray();
        var bytes = new byte[] { 0x12 }.Concat(Varint(both.Length)).Concat(both).ToArray();
        Assert.Equal(ExtractRequest.Parser.ParseFrom(bytes), Parse(bytes));
    }

    [Fact]
    public void Parse_MutatedAndTruncatedFrames_SameMessageOrSameFailureAsOrdinary()
    {
        var clean = new ExtractRequest { Frame = Frame(64, 48) }.ToByteArray();
        var random = new Random(20261203);
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])clean.Clone();
            if (i % 4 == 0) Array.Resize(ref bytes, random.Next(1, bytes.Length));
            // Mostly in the header (tags, lengths, the small fields), where a parser can go wrong.
            for (var m = random.Next(1, 4); m > 0; m--) bytes[random.Next(0, Math.Min(bytes.Length, 40))] = (byte)random.Next(256);
            ExtractRequest? ordinary = null, pooled = null;
            Exception? ordinaryError = null, pooledError = null;
            try { ordinary = ExtractRequest.Parser.ParseFrom(bytes); } catch (InvalidProtocolBufferException ex) { ordinaryError = ex; }
            try { pooled = Parse(bytes); } catch (InvalidProtocolBufferException ex) { pooledError = ex; }
            Assert.Equal(ordinaryError is null, pooledError is null);
            Assert.Equal(ordinary, pooled);
            pooled?.Frame?.Lease?.Dispose();
        }
    }

    [Fact]
    public void Lease_Dispose_EmptiesDataOnceAndTwiceIsHarmless()
    {
        var pooled = Parse(new ExtractRequest { Frame = Frame() }.ToByteArray());
        Assert.Equal(320 * 240 * 3, pooled.Frame.Data.Length);
        pooled.Frame.Lease!.Dispose();
        pooled.Frame.Lease!.Dispose();
        Assert.True(pooled.Frame.Data.IsEmpty);
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        while (v >= 0x80) { bytes.Add((byte)(v | 0x80)); v >>= 7; }
        bytes.Add((byte)v);
        return [.. bytes];
    }
}
