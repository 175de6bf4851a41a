using Grpc.Core;

namespace Expotion.Adapters.Tests.Helpers;

/// <summary>A call context for an adapter called directly: a method name, a deadline, a cancellation token, request headers.</summary>
internal sealed class TestServerCallContext(string method, CancellationToken cancellationToken, DateTime deadline, Metadata requestHeaders) : ServerCallContext
{
    private readonly Metadata _responseTrailers = [];
    private readonly Dictionary<object, object> _userState = [];
    private readonly AuthContext _authContext = new(string.Empty, []);

    public Metadata? ResponseHeaders { get; private set; }

    public static TestServerCallContext Create(string method, CancellationToken cancellationToken, DateTime? deadline = null, Metadata? requestHeaders = null) =>
        new(method, cancellationToken, deadline ?? DateTime.MaxValue, requestHeaders ?? []);

    protected override string MethodCore => method;
    protected override string HostCore => "127.0.0.1";
    protected override string PeerCore => "ipv4:127.0.0.1:1";
    protected override DateTime DeadlineCore => deadline;
    protected override Metadata RequestHeadersCore => requestHeaders;
    protected override CancellationToken CancellationTokenCore => cancellationToken;
    protected override Metadata ResponseTrailersCore => _responseTrailers;
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore => _authContext;
    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("the adapters hand deadlines on themselves, not through propagation tokens");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders)
    {
        if (ResponseHeaders is not null) throw new InvalidOperationException("response headers were already written");
        ResponseHeaders = responseHeaders;
        return Task.CompletedTask;
    }
}
