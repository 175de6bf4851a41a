using Expotion.Client;

namespace Expotion.Cli.Bench;

/// <summary>
/// `expotion bench load --sessions S --members M` (or `--ensemble N`: one session of N): the same S × M live streams at the
/// frame rate through one gateway (`serve all` in this process, or <c>--gateway</c>), first each performing alone (the
/// single-performer path, under the same load), then as S ensemble sessions of M members each with the default roles. Each
/// run is a full <see cref="LoadBench"/> (warm-up, steady state, the hops, memory, CPU); the ensemble run's control latency
/// (the frame that releases an audio chunk → that chunk back at the member) is printed member by member beside the alone
/// figure. Prints figures; no pass/fail.
/// </summary>
internal sealed class EnsembleLoadBench(LoadOptions options, TextWriter output)
{
    public async Task<EnsembleLoadSummary> RunAsync(Uri? gateway, CancellationToken ct)
    {
        options.Validate();
        await using var local = gateway is null
            ? await InProcessGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:Ensemble:MaxMembers"] = Math.Max(8, options.Members).ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct)
            : null;
        var url = gateway ?? local!.Url;
        using var performer = new GatewayPerformer(url);
        await performer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
        var where = gateway is null ? $"serve all in this process on {url} (memory figures are the whole process)" : $"gateway {url} (memory figures are this client's only)";
        output.WriteLine($"ensemble load: {options.Streams} live streams through one gateway, first each alone, then as {options.Sessions} session{(options.Sessions > 1 ? "s" : "")} " +
            $"of {options.Members} members (default roles: the first member rhythm, the rest energy); load average {CpuSample.ReadLoadAverage():F1} at the start");
        output.WriteLine();
        output.WriteLine("== alone (the single-performer path) ==");
        var alone = await new LoadBench(performer, where, options with { Sessions = 0 }, output).RunAsync(ct);
        output.WriteLine();
        output.WriteLine("== ensemble ==");
        var together = await new LoadBench(performer, where, options, output).RunAsync(ct);
        var summary = new EnsembleLoadSummary(alone, together);
        Print(summary);
        return summary;
    }

    private void Print(EnsembleLoadSummary s)
    {
        var solo = s.Alone.Latency.Single(h => h.Hop == nameof(LoadHop.Pipeline).ToLowerInvariant());
        output.WriteLine();
        output.WriteLine($"control latency (the frame that releases a chunk -> the chunk back), ms; machine load average {s.Alone.LoadAverage:F1} alone, {s.Ensemble.LoadAverage:F1} in the ensemble run:");
        output.WriteLine($"  alone, {s.Alone.Streams} streams together           p50 {solo.P50Ms,7:F1}   p99 {solo.P99Ms,7:F1}   (n={solo.Samples})");
        foreach (var f in s.Ensemble.PerStream)
        {
            var verdict = f.P99Ms <= solo.P99Ms ? "within the alone p99" : $"{f.P99Ms - solo.P99Ms:F1} ms over the alone p99";
            output.WriteLine($"  member {f.Stream,-16} {f.Role,-8} p50 {f.P50Ms,7:F1}   p99 {f.P99Ms,7:F1}   (n={f.Samples}; {f.ChunksWithoutOwnRow} of {f.Chunks} chunks merged before their own row)  {verdict}");
        }
        var within = s.Ensemble.PerStream.Count(f => f.P99Ms <= solo.P99Ms);
        output.WriteLine($"  {within} of {s.Ensemble.PerStream.Count} members within the single-performer p99");
    }
}

/// <summary>Both runs of the ensemble load bench: the streams alone, then in sessions.</summary>
internal sealed record EnsembleLoadSummary(LoadSummary Alone, LoadSummary Ensemble);
