namespace Expotion.ServiceDefaults;

/// <summary>Limits every Expotion service applies (section "Limits"; environment <c>Limits__MaxMessageBytes</c>).</summary>
public sealed class ServiceLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest gRPC message accepted or sent, in bytes (a 1080p RGB24 frame is ~6.2 MB).</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Messages buffered between a stream's reader and its processing loop.</summary>
    public int QueueDepth { get; set; } = 32;
}
