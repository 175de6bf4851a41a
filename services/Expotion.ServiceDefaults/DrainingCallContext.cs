using Grpc.Core;

namespace Expotion.ServiceDefaults;

/// <summary>
/// The call's own context, except that its cancellation token also fires when the shutdown drain runs out,
/// so that a stage's own loops stop the way they stop for a cancelled client.
/// </summary>
internal sealed class DrainingCallContext : ServerCallContext
{
    /// <summary>Where <c>GetHttpContext()</c> looks on a context that is not ASP.NET Core's own.</summary>
    private const string HttpContextKey = "__HttpContext";

    private readonly ServerCallContext inner;
    private readonly CancellationToken cancellationToken;

    public DrainingCallContext(ServerCallContext inner, CancellationToken cancellationToken)
    {
        (this.inner, this.cancellationToken) = (inner, cancellationToken);
        inner.UserState[HttpContextKey] = inner.GetHttpContext();
    }

    protected override string MethodCore => inner.Method;
    protected override string HostCore => inner.Host;
    protected override string PeerCore => inner.Peer;
    protected override DateTime DeadlineCore => inner.Deadline;
    protected override Metadata RequestHeadersCore => inner.RequestHeaders;
    protected override CancellationToken CancellationTokenCore => cancellationToken;
    protected override Metadata ResponseTrailersCore => inner.ResponseTrailers;
    protected override Status StatusCore { get => inner.Status; set => inner.Status = value; }
    protected override WriteOptions? WriteOptionsCore { get => inner.WriteOptions; set => inner.WriteOptions = value; }
    protected override AuthContext AuthContextCore => inner.AuthContext;
    protected override IDictionary<object, object> UserStateCore => inner.UserState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => inner.CreatePropagationToken(options);

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => inner.WriteResponseHeadersAsync(responseHeaders);
}
