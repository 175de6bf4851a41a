using Grpc.Net.Client.Balancer;

namespace Expotion.Composition;

/// <summary>
/// The one service a balanced <see cref="Grpc.Net.Client.GrpcChannel"/> asks its options' service provider
/// for that Expotion supplies: the resolver of the <c>static:///</c> scheme, which returns the stage's
/// replica addresses. Everything else (loggers, the round-robin balancer) keeps Grpc.Net.Client's defaults.
/// </summary>
internal sealed class ReplicaServices(IReadOnlyList<Uri> replicas) : IServiceProvider
{
    private readonly ResolverFactory[] _resolvers =
    [
        new StaticResolverFactory(_ => [.. replicas.Select(r => new BalancerAddress(r.Host, r.Port))]),
    ];

    public object? GetService(Type serviceType) => serviceType == typeof(IEnumerable<ResolverFactory>) ? _resolvers : null;
}
