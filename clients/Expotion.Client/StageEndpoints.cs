namespace Expotion.Client;

/// <summary>Where the three stages listen (they may be one process or three deployments).</summary>
public sealed record StageEndpoints(Uri Vision, Uri Smoothing, Uri Music)
{
    /// <summary>All stages behind one address (e.g. <c>expotion serve all</c>).</summary>
    public static StageEndpoints All(Uri address) => new(address, address, address);
}
