namespace Expotion.Gateway;

/// <summary>
/// Where the gateway finds the stages (section "Gateway"; environment <c>Gateway__VisionUrl</c> …). Each may list
/// several replicas, comma-separated ("http://10.0.0.5:5103,http://10.0.0.6:5103"): new streams are balanced over
/// them round robin.
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    public string VisionUrl { get; set; } = "http://127.0.0.1:5101";
    public string SmoothingUrl { get; set; } = "http://127.0.0.1:5102";
    public string MusicUrl { get; set; } = "http://127.0.0.1:5103";

    /// <summary>The live page's HTTP/1.1 address (see <see cref="GatewayHost"/>); null = the gRPC port + 80; "none" = off.</summary>
    public string? WebUrl { get; set; }

    /// <summary>The live page's built assets (default: <c>wwwroot</c> beside the binaries, copied there from clients/web/dist).</summary>
    public string? WebRoot { get; set; }

    /// <summary>
    /// The bearer token the gateway presents to the stages (environment <c>Gateway__StageToken</c>); null = the
    /// first of this host's own tokens (<c>Auth:Tokens</c> or <c>Auth:TokensFile</c>), so that <c>serve all</c>, or a
    /// gateway sharing the stages' token Secret, calls them with it.
    /// </summary>
    public string? StageToken { get; set; }

    /// <summary>PEM CA that signs the stages' certificates, for https:// stage addresses (null = the system's roots).</summary>
    public string? StageCaPath { get; set; }

    /// <summary>Client certificate (PEM, with <see cref="StageClientKeyPath"/>) for stages that require mutual TLS.</summary>
    public string? StageClientCertificatePath { get; set; }

    /// <summary>The PEM key of <see cref="StageClientCertificatePath"/>.</summary>
    public string? StageClientKeyPath { get; set; }

    /// <summary>Frames queued per live page stream before the oldest is dropped (the page never waits on a slow server).</summary>
    public int LiveFrameQueue { get; set; } = 2;
}
