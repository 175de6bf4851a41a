using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;

namespace Expotion.ServiceDefaults;

/// <summary>
/// Where a host listens. gRPC addresses (<c>--urls</c>) speak HTTP/2 only; whatever a browser or a scraper reads (the
/// gateway's page and WebSocket, the Prometheus endpoint) needs an HTTP/1.1 address of its own, because Kestrel serves
/// HTTP/2 without TLS only on an HTTP/2-only endpoint (h2c with prior knowledge). Components add such addresses with
/// <see cref="ListenHttp1"/>; once there is one, every address is bound explicitly. The same address asked twice is
/// bound once (so the page address can also serve the metrics).
/// </summary>
public static class ListenAddresses
{
    private static readonly object Key = new(), GrpcKey = new();

    /// <summary>The gRPC (HTTP/2) addresses the host was given.</summary>
    public static BindingAddress[] GrpcAddresses(this WebApplicationBuilder builder) =>
        ((IHostBuilder)builder.Host).Properties.TryGetValue(GrpcKey, out var kept) ? (BindingAddress[])kept
        : (builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(BindingAddress.Parse).ToArray();

    /// <summary>Also listens on <paramref name="address"/> for HTTP/1.1 (http:// or https://, the latter with the Tls:* certificate).</summary>
    public static void ListenHttp1(this WebApplicationBuilder builder, BindingAddress address)
    {
        if (address.Scheme is not ("http" or "https")) throw new InvalidOperationException($"{address}: only http:// and https:// addresses are supported");
        var list = Http1(builder);
        // Every address is now bound explicitly: the --urls ones stay known here, and Kestrel is not told them twice.
        ((IHostBuilder)builder.Host).Properties[GrpcKey] = builder.GrpcAddresses();
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        if (address.Port == 0 || !list.Any(a => a.Scheme == address.Scheme && a.Host == address.Host && a.Port == address.Port)) list.Add(address);
    }

    /// <summary>Binds every address explicitly once an HTTP/1.1 one was added (called once, by the defaults).</summary>
    internal static void Configure(WebApplicationBuilder builder)
    {
        var http1 = Http1(builder);
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (http1.Count == 0) return;   // the --urls addresses, HTTP/2 by the endpoint defaults
            foreach (var url in builder.GrpcAddresses()) Listen(k, url, HttpProtocols.Http2);
            foreach (var url in http1) Listen(k, url, HttpProtocols.Http1);
        });
    }

    private static List<BindingAddress> Http1(WebApplicationBuilder builder)
    {
        var properties = ((IHostBuilder)builder.Host).Properties;
        if (!properties.TryGetValue(Key, out var list)) properties[Key] = list = new List<BindingAddress>();
        return (List<BindingAddress>)list;
    }

    private static void Listen(KestrelServerOptions kestrel, BindingAddress url, HttpProtocols protocols)
    {
        if (url.Scheme is not ("http" or "https")) throw new InvalidOperationException($"{url}: only http:// and https:// addresses are supported");
        Action<ListenOptions> configure = url.Scheme == "https"
            ? o => { o.Protocols = protocols; o.UseHttps(); }     // the certificate from Tls:* (Kestrel's https defaults)
            : o => o.Protocols = protocols;
        if (url.Host is "localhost") kestrel.ListenLocalhost(url.Port, configure);
        else if (url.Host is "*" or "+" or "0.0.0.0" or "[::]") kestrel.ListenAnyIP(url.Port, configure);
        else kestrel.Listen(System.Net.IPAddress.Parse(url.Host.Trim('[', ']')), url.Port, configure);
    }
}
