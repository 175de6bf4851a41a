namespace Expotion.Gateway;

/// <summary>Where the gateway finds the stages (section "Gateway"; environment <c>Gateway__VisionUrl</c> …).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    public string VisionUrl { get; set; } = "http://127.0.0.1:5101";
    public string SmoothingUrl { get; set; } = "http://127.0.0.1:5102";
    public string MusicUrl { get; set; } = "http://127.0.0.1:5103";
}
