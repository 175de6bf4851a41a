using Expotion.Music.Core;
using Expotion.ServiceDefaults;
using Expotion.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Music.Grpc;

/// <summary>Music.Generate over the selected <see cref="IMusicBackend"/>: validate the config, map, pump, log one line.</summary>
public sealed class MusicGrpcService(IEnumerable<IMusicBackend> backends, IOptions<ServiceLimitsOptions> limits, ILogger<MusicGrpcService> logger)
    : V1.Music.MusicBase
{
    public const string DefaultBackend = "conductor";

    public override async Task Generate(IAsyncStreamReader<GenerateRequest> requests, IServerStreamWriter<GenerateResponse> responses, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var config = await requests.ReadConfigAsync(r => r.Config, ct);
        var backend = Select(config.Backend);
        var settings = config.ToDomain();
        settings.Validate();
        var encoding = config.Encoding switch
        {
            AudioEncoding.Unspecified or AudioEncoding.PcmF32Le => AudioEncoding.PcmF32Le,
            AudioEncoding.PcmS16Le => AudioEncoding.PcmS16Le,
            _ => throw new InvalidInputException("config.encoding", $"unknown audio encoding {(int)config.Encoding}"),
        };
        var stats = new StreamStats();
        var conditions = requests.ReadItemsAsync(r => r.Condition, r => r.KindCase == GenerateRequest.KindOneofCase.End, limits.Value.QueueDepth, ct)
            .Select(c => c.ToDomain());
        long audioFrames = 0;
        await foreach (var output in backend.GenerateAsync(settings, conditions, stats, ct))
        {
            if (output is AudioBlock block) audioFrames += block.Frames;
            await responses.WriteAsync(output.ToProto(encoding), ct);
        }
        await responses.WriteAsync(new GenerateResponse { Summary = stats.ToSummary() }, ct);
        MusicLog.StreamEnded(logger, backend.Name, stats.In, (double)audioFrames / settings.SampleRate, stats.Elapsed.TotalSeconds);
    }

    private IMusicBackend Select(string name)
    {
        var wanted = string.IsNullOrWhiteSpace(name) ? DefaultBackend : name.Trim();
        return backends.FirstOrDefault(b => string.Equals(b.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidInputException("config.backend", $"unknown backend '{wanted}'; available: {string.Join(", ", backends.Select(b => b.Name))}");
    }
}
