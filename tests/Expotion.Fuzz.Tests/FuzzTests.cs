using Expotion.Composition;
using Expotion.Fuzz.Tests.Corpus;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Expotion.Fuzz.Tests;

/// <summary>
/// Thousands of malformed, truncated, oversized and out-of-order messages to each service over real loopback
/// gRPC (from a fixed seed, so a failure replays). Each stream must end with a clear status (never Unknown,
/// Internal, a hang or a dropped connection; a refusal carries a message), no error may be logged, a
/// well-formed stream running beside the attack must complete untouched, and afterwards the service must be
/// healthy with no stream left open and memory bounded. The totals per status are printed.
/// </summary>
public sealed class FuzzTests(FuzzHosts hosts) : IClassFixture<FuzzHosts>
{
    private const int Seed = 20260601;
    private const int CasesPerService = 13 * 12;
    private const int Parallel = 4;
    private static readonly TimeSpan HangDeadline = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Services => ["vision", "smoothing", "music", "gateway"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Stages_HostileStreams_GetClearStatusesAndStayHealthy(string service)
    {
        var ct = TestContext.Current.CancellationToken;
        var (method, corpus, steadyItems) = Target(service);
        using var channel = ExpotionChannel.Create(hosts.AddressOf(service), 4 * FuzzHosts.MaxMessageBytes);
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        // A well-formed stream, paced, for the whole attack: it must end OK with its summary.
        var steady = RawStream.RunAsync(channel, method, corpus.WellFormed(steadyItems), TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(40), ct);

        var tally = new FuzzTally(service);
        using var gate = new SemaphoreSlim(Parallel);
        var attacks = corpus.Cases(CasesPerService).Select(async fuzz =>
        {
            await gate.WaitAsync(ct);
            try { tally.Add(fuzz, await RawStream.RunAsync(channel, method, fuzz, HangDeadline, ct)); }
            finally { gate.Release(); }
        }).ToList();
        await Task.WhenAll(attacks);

        var (steadyStatus, last, responses) = await steady;
        TestContext.Current.TestOutputHelper?.WriteLine(tally.Report());
        foreach (var violation in tally.Violations.Take(40)) TestContext.Current.TestOutputHelper?.WriteLine("VIOLATION " + violation);
        foreach (var error in hosts.Errors.Take(20)) TestContext.Current.TestOutputHelper?.WriteLine("ERROR LOGGED " + error);
        Assert.True(tally.Messages >= 500, $"only {tally.Messages} messages sent");
        Assert.Empty(tally.Violations);
        Assert.Equal(StatusCode.OK, steadyStatus.StatusCode);
        Assert.True(responses > 1 && IsSummary(service, last!), $"the well-formed stream ended with {responses} responses and no summary");

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        await WaitForAsync(() => hosts.OpenStreams == 0, TimeSpan.FromSeconds(10), ct);
        Assert.Equal(0L, hosts.OpenStreams);
        Assert.Empty(hosts.Errors);
        GC.Collect();
        var grown = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        Assert.True(grown < 256L * 1024 * 1024, $"managed memory grew by {grown / (1024 * 1024)} MB");
        TestContext.Current.TestOutputHelper?.WriteLine($"{service}: managed memory {grown / 1024} KB more than before the attack; open streams after: {hosts.OpenStreams}");
    }

    private static (Method<byte[], byte[]> Method, IFuzzCorpus Corpus, int SteadyItems) Target(string service) => service switch
    {
        "vision" => (RawStream.Method("expotion.v1.Vision", "Extract"), new VisionCorpus(Seed, FuzzHosts.MaxMessageBytes), 60),
        "smoothing" => (RawStream.Method("expotion.v1.Smoothing", "Align"), new SmoothingCorpus(Seed + 1, FuzzHosts.MaxMessageBytes), 60),
        "music" => (RawStream.Method("expotion.v1.Music", "Generate"), new MusicCorpus(Seed + 2, FuzzHosts.MaxMessageBytes), 100),
        _ => (RawStream.Method("expotion.v1.Pipeline", "Perform"), new GatewayCorpus(Seed + 3, FuzzHosts.MaxMessageBytes), 60),
    };

    private static bool IsSummary(string service, byte[] response) => service switch
    {
        "vision" => V1.ExtractResponse.Parser.ParseFrom(response).KindCase == V1.ExtractResponse.KindOneofCase.Summary,
        "smoothing" => V1.AlignResponse.Parser.ParseFrom(response).KindCase == V1.AlignResponse.KindOneofCase.Summary,
        "music" => V1.GenerateResponse.Parser.ParseFrom(response).KindCase == V1.GenerateResponse.KindOneofCase.Summary,
        _ => V1.PerformResponse.Parser.ParseFrom(response).KindCase == V1.PerformResponse.KindOneofCase.Summary,
    };

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan maxWait, CancellationToken ct)
    {
        var until = DateTime.UtcNow + maxWait;
        while (!condition() && DateTime.UtcNow < until) await Task.Delay(50, ct);
    }
}
