namespace Expotion.Fuzz.Tests;

/// <summary>How a fuzz stream ends on the client's side.</summary>
public enum StreamEnding
{
    /// <summary>All messages, then a half-close.</summary>
    HalfClose,
    /// <summary>Some messages, then nothing (no end, no half-close) until the client cancels the call.</summary>
    Cancel,
}

/// <summary>One hostile stream: its serialized messages, sent in order, and how it ends.</summary>
public sealed record FuzzCase(string Kind, IReadOnlyList<byte[]> Messages, StreamEnding Ending = StreamEnding.HalfClose);
