namespace Expotion.Composition;

/// <summary>
/// Where the three stages listen (they may be one process or three deployments). A stage may have several
/// replicas: the client then balances new streams over them round robin (see <see cref="ExpotionChannel"/>).
/// </summary>
public sealed record StageEndpoints(Uri Vision, Uri Smoothing, Uri Music)
{
    /// <summary>Every replica of the vision stage (the first is <see cref="Vision"/>).</summary>
    public IReadOnlyList<Uri> VisionReplicas { get; init; } = [Vision];

    /// <summary>Every replica of the smoothing stage (the first is <see cref="Smoothing"/>).</summary>
    public IReadOnlyList<Uri> SmoothingReplicas { get; init; } = [Smoothing];

    /// <summary>Every replica of the music stage (the first is <see cref="Music"/>).</summary>
    public IReadOnlyList<Uri> MusicReplicas { get; init; } = [Music];

    /// <summary>All stages behind one address (e.g. <c>expotion serve all</c>).</summary>
    public static StageEndpoints All(Uri address) => new(address, address, address);

    /// <summary>Each stage at one or more replicas.</summary>
    public static StageEndpoints Replicated(IReadOnlyList<Uri> vision, IReadOnlyList<Uri> smoothing, IReadOnlyList<Uri> music) =>
        new(vision[0], smoothing[0], music[0]) { VisionReplicas = vision, SmoothingReplicas = smoothing, MusicReplicas = music };

    /// <summary>Parses "http://a:1,http://b:2" (commas or semicolons) into the replicas' addresses; a <c>dns:///host:port</c> address stands for every address the name resolves to.</summary>
    public static IReadOnlyList<Uri> ParseReplicas(string addresses)
    {
        var list = addresses.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "dns" ? uri
                : throw new ArgumentException($"'{a}' is not an http://, https:// or dns:/// address", nameof(addresses)))
            .ToArray();
        return list.Length > 0 ? list : throw new ArgumentException("no address given", nameof(addresses));
    }
}
