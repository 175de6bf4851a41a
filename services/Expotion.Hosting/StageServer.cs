namespace Expotion.Hosting;

/// <summary>Runs one service (or all of them) until Ctrl+C / SIGTERM: the body of `expotion serve` and of the server image.</summary>
public static class StageServer
{
    /// <param name="name">A key of <see cref="ServeRoles.All"/>.</param>
    /// <param name="urls">Addresses to listen on, ';'-separated; null for the role's default.</param>
    /// <param name="settings">Configuration on top of the environment (gateway stage addresses, TLS paths).</param>
    public static async Task<int> RunAsync(string name, string? urls, Dictionary<string, string?> settings, CancellationToken ct)
    {
        var (stageRole, defaultUrls) = ServeRoles.All[name];
        var listen = urls ?? defaultUrls;
        // `all` serves every stage itself: its gateway calls back into this process unless told otherwise.
        if (stageRole == StageRole.All)
        {
            var self = listen.Split(';')[0].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal);
            foreach (var key in new[] { "Gateway:VisionUrl", "Gateway:SmoothingUrl", "Gateway:MusicUrl" }) settings.TryAdd(key, self);
        }
        var app = StageHost.Build(stageRole, listen, [], LogLevel.Information, settings);
        await using (app)
        {
            await app.StartAsync(ct);
            Console.WriteLine($"expotion {name} listening on {string.Join(", ", app.Urls)} (gRPC, HTTP/2; health: grpc.health.v1, open without a token; reflection on)");
            await app.WaitForShutdownAsync(ct);
        }
        return 0;
    }
}
