using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Expotion.ServiceDefaults.Telemetry;

/// <summary>The standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: unset, usable, or malformed (then OTLP stays off).</summary>
internal sealed record OtlpEndpoint(string? Raw, Uri? Uri)
{
    public const string Variable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public bool IsSet => !string.IsNullOrWhiteSpace(Raw);

    public bool Usable => Uri is not null;

    public static OtlpEndpoint Parse(string? raw) =>
        new(raw, !string.IsNullOrWhiteSpace(raw) && Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri)
                 && uri.Scheme is "http" or "https" && uri.Host.Length > 0 ? uri : null);
}

/// <summary>
/// Says once, at start, when the OTLP endpoint is malformed or does not accept a connection; never stops the host (the
/// exporter drops what it cannot send and keeps trying).
/// </summary>
internal sealed class OtlpEndpointCheck(OtlpEndpoint endpoint, ILogger<OtlpEndpointCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!endpoint.IsSet) return Task.CompletedTask;
        if (endpoint.Uri is not { } uri)
        {
            TelemetryLog.MalformedEndpoint(logger, endpoint.Raw!);
            return Task.CompletedTask;
        }
        _ = Task.Run(async () =>   // in the background: start-up never waits on the collector
        {
            try
            {
                using var client = new TcpClient();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await client.ConnectAsync(uri.Host, uri.Port, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                TelemetryLog.UnreachableEndpoint(logger, $"{uri.Scheme}://{uri.Host}:{uri.Port}", ex is SocketException s ? s.SocketErrorCode.ToString() : "no answer in 3 s");
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
