namespace Expotion.ServiceDefaults;

/// <summary>
/// Limits every Expotion service applies (section "Limits"; environment <c>Limits__MaxMessageBytes</c> …).
/// A call over a limit ends with <c>ResourceExhausted</c> and a message naming the limit and its setting.
/// </summary>
public sealed class ServiceLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest gRPC message accepted or sent, in bytes (a 1080p RGB24 frame is ~6.2 MB).</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Messages buffered between a stream's reader and its processing loop.</summary>
    public int QueueDepth { get; set; } = 32;

    /// <summary>
    /// Streams one client may hold open at once (0 = no limit). A client is its credential when auth is on
    /// (each token or API key is one client), else its IP address; a gateway counts as one client of the stages.
    /// </summary>
    public int MaxStreamsPerClient { get; set; } = 100;

    /// <summary>Largest video frame the vision stage accepts, in pixels (width × height; 0 = no limit beyond 8192 per side).</summary>
    public long MaxFramePixels { get; set; } = 4096L * 4096;
}
