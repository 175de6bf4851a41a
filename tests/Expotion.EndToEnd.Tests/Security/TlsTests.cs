using Expotion.Composition;
using Expotion.Tests.Shared;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Expotion.EndToEnd.Tests.Security;

/// <summary>
/// TLS from certificate files and mutual TLS, over real Kestrel on loopback with a PKI generated in the test:
/// every service answers over https:// (HTTP/2 by ALPN) to a client that trusts the CA; a client that trusts
/// another CA refuses the server; with Tls:ClientCaPath set, a client without a certificate, or with one no
/// configured CA signed, is refused, and one signed by the CA is served.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task EveryService_TlsClientTrustingTheCa_Answers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pki = new TestCertificates();
        await using var pipeline = await SecuredPipeline.StartAsync(new Dictionary<string, string?>
        {
            ["Tls:CertificatePath"] = pki.ServerCertPath, ["Tls:KeyPath"] = pki.ServerKeyPath,
            ["Gateway:StageCaPath"] = pki.CaPath,
        }, scheme: "https");
        Assert.Equal("https", pipeline.Stages.Scheme);
        foreach (var (service, call) in StageCalls.All)
        {
            using var channel = StageCalls.Channel(pipeline.ServiceAddress(service), new ClientSecurity(CaCertificatePath: pki.CaPath));
            Assert.Equal("Summary", await call(channel, ct));
        }
        using var distrustful = StageCalls.Channel(pipeline.Stages, new ClientSecurity(CaCertificatePath: pki.OtherCaPath));
        AssertNoConnection(await Assert.ThrowsAsync<RpcException>(() => HealthAsync(distrustful, ct)));
    }

    /// <summary>A unary call: a refused TLS connection surfaces as its RpcException (a stream's write may see the raw I/O error first).</summary>
    private static async Task HealthAsync(GrpcChannel channel, CancellationToken ct) =>
        await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: ct);

    /// <summary>The TLS handshake (or the HTTP/2 preface after it) failed: no call reached a service.</summary>
    private static void AssertNoConnection(RpcException refused)
    {
        Assert.True(refused.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"{refused.StatusCode}: {refused.Status.Detail}");
        Assert.True(refused.Status.Detail.Contains("SSL", StringComparison.Ordinal) || refused.Status.Detail.Contains("HTTP/2", StringComparison.Ordinal)
            || refused.Status.DebugException is HttpRequestException or IOException, refused.ToString());
    }

    [Fact]
    public async Task MutualTls_ClientWithoutACertificateFromTheCa_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pki = new TestCertificates();
        await using var pipeline = await SecuredPipeline.StartAsync(new Dictionary<string, string?>
        {
            ["Tls:CertificatePath"] = pki.ServerCertPath, ["Tls:KeyPath"] = pki.ServerKeyPath, ["Tls:ClientCaPath"] = pki.CaPath,
            ["Gateway:StageCaPath"] = pki.CaPath,
            ["Gateway:StageClientCertificatePath"] = pki.ClientCertPath, ["Gateway:StageClientKeyPath"] = pki.ClientKeyPath,
        }, scheme: "https");

        using (var anonymous = StageCalls.Channel(pipeline.Stages, new ClientSecurity(CaCertificatePath: pki.CaPath)))
            AssertNoConnection(await Assert.ThrowsAsync<RpcException>(() => HealthAsync(anonymous, ct)));
        using (var stranger = StageCalls.Channel(pipeline.Stages,
                   new ClientSecurity(CaCertificatePath: pki.CaPath, ClientCertificatePath: pki.StrangerCertPath, ClientKeyPath: pki.StrangerKeyPath)))
            AssertNoConnection(await Assert.ThrowsAsync<RpcException>(() => HealthAsync(stranger, ct)));

        var member = new ClientSecurity(CaCertificatePath: pki.CaPath, ClientCertificatePath: pki.ClientCertPath, ClientKeyPath: pki.ClientKeyPath);
        foreach (var (service, call) in StageCalls.All)
        {
            using var channel = StageCalls.Channel(pipeline.ServiceAddress(service), member);
            Assert.Equal("Summary", await call(channel, ct));
        }
        Assert.Contains(pipeline.Logs.Lines, l => l.Contains("refused a client certificate (CN=stranger)", StringComparison.Ordinal));
    }
}
