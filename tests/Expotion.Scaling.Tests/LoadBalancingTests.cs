using Expotion.Composition;
using Expotion.Hosting;
using Expotion.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Expotion.Scaling.Tests;

/// <summary>
/// Client-side load balancing over three replicas of the music stage, each its own Kestrel host on loopback:
/// new streams spread round robin (counted by each replica), and when one replica is stopped every new stream
/// still succeeds, on the other two.
/// </summary>
public sealed class LoadBalancingTests
{
    private const int Dims = 2;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MusicReplicas_NewStreamsSpreadRoundRobin_AndFailOverWhenOneIsStopped()
    {
        var replicas = new List<StageServer>();
        try
        {
            for (var i = 0; i < 3; i++) replicas.Add(await StageServer.StartAsync(StageRole.Music));
            using var channel = ExpotionChannel.Create([.. replicas.Select(r => r.Address)]);
            await ConnectionPolicy.WaitUntilServingAsync(channel, "music", TimeSpan.FromSeconds(30), Ct);
            await UntilEveryReplicaAnsweredAsync(channel, replicas);

            const int streams = 12;
            for (var i = 0; i < streams; i++) await GenerateAsync(channel, seed: (ulong)i);
            var spread = replicas.Select(r => r.Streams).ToArray();
            Assert.Equal(streams, spread.Sum());
            Assert.All(spread, count => Assert.InRange(count, streams / 3 - 1, streams / 3 + 1));

            await replicas[1].StopAsync();
            for (var i = 0; i < streams; i++) await GenerateAsync(channel, seed: (ulong)(100 + i));   // each must succeed
            var after = replicas.Select(r => r.Streams).ToArray();
            Assert.Equal(spread[1], after[1]);
            Assert.Equal(streams, after[0] - spread[0] + after[2] - spread[2]);
            Assert.True(after[0] > spread[0] && after[2] > spread[2], $"both remaining replicas take new streams: {string.Join(", ", after)}");
        }
        finally
        {
            foreach (var r in replicas) await r.DisposeAsync();
        }
    }

    [Fact]
    public void ParseReplicas_AcceptsCommaSeparatedAddresses_AndRejectsOthers()
    {
        Assert.Equal([new Uri("http://127.0.0.1:5103"), new Uri("http://10.0.0.2:5103")], StageEndpoints.ParseReplicas("http://127.0.0.1:5103, http://10.0.0.2:5103"));
        Assert.Equal([new Uri("dns:///music.expotion:5103")], StageEndpoints.ParseReplicas("dns:///music.expotion:5103"));
        Assert.Throws<ArgumentException>(() => StageEndpoints.ParseReplicas("http://a:1,ftp://b:2"));
        Assert.Throws<ArgumentException>(() => StageEndpoints.ParseReplicas(" , "));
        Assert.Throws<ArgumentException>(() => ExpotionChannel.Create([new Uri("http://a:1"), new Uri("https://b:2")]));
    }

    /// <summary>Round robin uses only connected replicas: health checks (also balanced) until each has answered one.</summary>
    private static async Task UntilEveryReplicaAnsweredAsync(GrpcChannel channel, List<StageServer> replicas)
    {
        var health = new Health.HealthClient(channel);
        for (var i = 0; i < 200 && replicas.Any(r => r.HealthChecks == 0); i++)
        {
            await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Ct);
            if (i % 3 == 2) await Task.Delay(20, Ct);
        }
        Assert.All(replicas, r => Assert.True(r.HealthChecks > 0, "every replica is connected before streams are counted"));
    }

    /// <summary>A short music stream: config, 25 conditions (0.5 s), end; the whole audio must come back.</summary>
    private static async Task GenerateAsync(GrpcChannel channel, ulong seed)
    {
        using var call = new V1.Music.MusicClient(channel).Generate(cancellationToken: Ct);
        var schema = new FeatureSchema { Id = "lb", Dims = Dims, Names = { "motion_energy", "y" }, MotionEnergyIndex = 0 };
        await call.RequestStream.WriteAsync(new GenerateRequest { Config = new GenerateConfig { Prompt = "piano", Seed = seed, ChunkMs = 100, Channels = 1, Schema = schema } }, Ct);
        for (var i = 0; i < 25; i++)
            await call.RequestStream.WriteAsync(new GenerateRequest { Condition = new ConditionFrame { Index = i, PtsUs = i * 20_000L, Values = { i % 5 / 5f, 0 } } }, Ct);
        await call.RequestStream.WriteAsync(new GenerateRequest { End = new End() }, Ct);
        await call.RequestStream.CompleteAsync();
        var responses = await call.ResponseStream.ReadAllAsync(Ct).ToListAsync(Ct);
        Assert.Equal(25, Assert.Single(responses, r => r.KindCase == GenerateResponse.KindOneofCase.Summary).Summary.FramesIn);
        Assert.True(responses.Where(r => r.KindCase == GenerateResponse.KindOneofCase.Audio).Sum(r => r.Audio.Frames) >= 16_000);
    }
}
