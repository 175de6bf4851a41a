using Google.Protobuf;

namespace Expotion.Fuzz.Tests.Corpus;

/// <summary>The hostile streams for one service, and a well-formed one to run beside them.</summary>
public interface IFuzzCorpus
{
    IEnumerable<FuzzCase> Cases(int count);
    FuzzCase WellFormed(int items);
}

/// <summary>
/// Hostile streams for one service, from a fixed seed: random bytes as messages, and structure-aware ones built
/// from the service's own messages (items before the config, the config twice, items after the end, hostile
/// configs and items, truncated and bit-flipped messages, empty messages, an oversized message, streams that
/// stop without an end and are cancelled, and well-formed streams without an end). Each service supplies
/// its configs and items; <see cref="Cases"/> mixes them.
/// </summary>
public abstract class ServiceCorpus<TRequest>(int seed, int maxMessageBytes) : IFuzzCorpus where TRequest : IMessage
{
    protected Random R { get; } = new(seed);

    /// <summary>A config the service accepts.</summary>
    protected abstract TRequest ValidConfig();

    /// <summary>A config with hostile values (NaN, absurd sizes, unknown enums …), often invalid.</summary>
    protected abstract TRequest HostileConfig();

    /// <summary>The <paramref name="index"/>th well-formed item after <see cref="ValidConfig"/>.</summary>
    protected abstract TRequest ValidItem(int index);

    /// <summary>An item with hostile values (negative or repeated timestamps, wrong sizes, NaN …) at position <paramref name="index"/>.</summary>
    protected abstract TRequest HostileItem(int index);

    protected abstract TRequest End();

    /// <summary>Other messages the service reads (e.g. the gateway's prompt update), sent at odd places.</summary>
    protected virtual TRequest? Extra() => default;

    public const int Kinds = 13;

    public IEnumerable<FuzzCase> Cases(int count)
    {
        for (var i = 0; i < count; i++) yield return Case(i % Kinds);
    }

    private FuzzCase Case(int kind)
    {
        var n = R.Next(1, 8);
        return kind switch
        {
            0 => new("random-bytes", Enumerable.Range(0, n).Select(_ => RandomBytes(R.Next(0, 300))).ToList()),
            1 => new("items-before-config", [.. Items(n, ValidItem), Bytes(ValidConfig()), Bytes(End())]),
            2 => new("config-twice", [Bytes(ValidConfig()), Bytes(HostileOr(ValidConfig)), .. Items(n, ValidItem), Bytes(End())]),
            3 => new("hostile-config", [Bytes(HostileConfig()), .. Items(n, ValidItem), Bytes(End())]),
            4 => new("hostile-items", [Bytes(ValidConfig()), .. Items(n, i => R.Next(3) == 0 ? ValidItem(i) : HostileItem(i)), Bytes(End())]),
            5 => new("items-after-end", [Bytes(ValidConfig()), .. Items(n, ValidItem), Bytes(End()), .. Items(n, ValidItem)]),
            6 => new("truncated-message", [Bytes(ValidConfig()), .. Items(n - 1, ValidItem), Truncate(Bytes(ValidItem(n - 1))), Bytes(End())]),
            7 => new("bit-flipped", [Flip(Bytes(ValidConfig())), .. ItemBytes(n, i => Flip(Bytes(ValidItem(i)))), Bytes(End())]),
            8 => new("empty-messages", [Bytes(ValidConfig()), [], [], Bytes(End())]),
            9 => new("cancelled-mid-stream", [Bytes(ValidConfig()), .. Items(n, ValidItem)], StreamEnding.Cancel),
            10 => new("no-end-half-close", [Bytes(ValidConfig()), .. Items(n, ValidItem)]),
            11 => Extra() is { } extra
                ? new("extra-out-of-place", [Bytes(extra), Bytes(ValidConfig()), .. Items(n, ValidItem), Bytes(Extra()!), Bytes(End()), Bytes(Extra()!)])
                : new("random-bytes-after-config", [Bytes(ValidConfig()), .. Enumerable.Range(0, n).Select(_ => RandomBytes(R.Next(1, 64)))]),
            _ => R.Next(4) == 0
                ? new("oversized", [Bytes(ValidConfig()), RandomBytes(maxMessageBytes + 1 + R.Next(1000))])
                : new("random-bytes-first", [RandomBytes(R.Next(1, 40)), Bytes(ValidConfig()), Bytes(End())]),
        };
    }

    /// <summary>A well-formed stream of <paramref name="items"/> items: config, items, end.</summary>
    public FuzzCase WellFormed(int items) => new("well-formed", [Bytes(ValidConfig()), .. Items(items, ValidItem), Bytes(End())]);

    private TRequest HostileOr(Func<TRequest> valid) => R.Next(2) == 0 ? HostileConfig() : valid();

    private IEnumerable<byte[]> Items(int n, Func<int, TRequest> item) => Enumerable.Range(0, n).Select(i => Bytes(item(i))).ToList();

    private IEnumerable<byte[]> ItemBytes(int n, Func<int, byte[]> item) => Enumerable.Range(0, n).Select(item).ToList();

    protected static byte[] Bytes(TRequest message) => message.ToByteArray();

    protected byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        R.NextBytes(bytes);
        return bytes;
    }

    private byte[] Truncate(byte[] message) => message.Length <= 1 ? [0x0A] : message[..R.Next(1, message.Length)];

    private byte[] Flip(byte[] message)
    {
        var copy = (byte[])message.Clone();
        if (copy.Length == 0) return [0xFF];
        for (var i = 0; i < 1 + copy.Length / 16; i++) copy[R.Next(copy.Length)] ^= (byte)(1 << R.Next(8));
        return copy;
    }

    /// <summary>One of a few values chosen to break things.</summary>
    protected T Pick<T>(params T[] values) => values[R.Next(values.Length)];

    protected static readonly float[] HostileFloats = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -float.MaxValue, 1e-45f, 0f, -1f];
    protected static readonly double[] HostileDoubles = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, 1e300, 0, 5e3, 2e4];
    protected static readonly int[] HostileInts = [int.MinValue, -1, 0, 1, 7, 31, 4096, 8193, 65536, int.MaxValue];
    protected static readonly long[] HostileTimes = [long.MinValue, -1, 0, 0, 33_333, long.MaxValue, long.MaxValue / 2];
}
