using Expotion.Music.Core;
using Expotion.Music.Core.Mastering;
using Expotion.Music.Core.Resume;
using Expotion.Resume;
using Expotion.ServiceDefaults;
using Expotion.ServiceDefaults.Telemetry;
using Expotion.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Expotion.Music.Grpc;

/// <summary>
/// Music.Generate over the selected <see cref="IMusicBackend"/>: validate the config, map, master, pump, log one line.
/// Streams are resumable (music.proto, GenerateConfig.resume): a checkpoint right after the config and after
/// every <see cref="CheckpointUs"/> of audio; a resumed stream replays its conditions from 0 and sends only
/// the output from the resume time on.
/// </summary>
public sealed class MusicGrpcService(IEnumerable<IMusicBackend> backends, IOptions<ServiceLimitsOptions> limits, MusicMetrics metrics, ILogger<MusicGrpcService> logger)
    : V1.Music.MusicBase
{
    public const string DefaultBackend = "conductor";

    /// <summary>Audio time between two checkpoints.</summary>
    public const long CheckpointUs = 1_000_000;

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
        // A replay from condition 0 rebuilds the backend's state; a resume starts on a chunk boundary.
        var resume = new StreamResume(settings.Fingerprint(backend.Name), config.Resume?.ToStageResumePoint(),
            replaysFromStart: true, CheckpointUs, fromStepUs: settings.ChunkUs);
        var state = Google.Protobuf.ByteString.CopyFrom(resume.State);
        var backendTag = new KeyValuePair<string, object?>("expotion.music.backend", backend.Name);
        StageMetrics.Tag("expotion.music.backend", backend.Name);
        StageMetrics.Tag("expotion.stream.resumed", resume.Point is not null);
        if (resume.Point is not null) metrics.Resumes.Add(1, backendTag);
        // The first response acknowledges the config: from here on the client may resume this stream.
        await responses.WriteAsync(Checkpoint(resume.FromPtsUs, state), ct);

        var stats = new StreamStats();
        var hops = new HopLedger(metrics.FrameTimer(backendTag));   // stamps of conditions that carry them, until the chunk covering them goes out
        var clock = new RenderClock();
        var conditions = clock.Waiting(requests.ReadItemsAsync(r => hops.Arrived(r.Condition), r => r.KindCase == GenerateRequest.KindOneofCase.End, limits.Value.QueueDepth, ct,
                queueName: "music.conditions")
            .Select(c => c.ToDomain()));
        var cursor = new ResumeCursor(resume);
        var send = new List<MusicOutput>();
        long audioFrames = 0;
        var mastered = new MasteredStream(settings);   // every backend's audio through one master bus
        string? style = null;
        await foreach (var output in mastered.MasterAsync(clock.Rendering(backend.GenerateAsync(settings, conditions, stats, ct)), ct))
        {
            cursor.Admit(output, send);
            await SendAsync();
        }
        cursor.Flush(send);
        await SendAsync();
        await responses.WriteAsync(new GenerateResponse { Summary = StreamSummary.From(stats) }, ct);
        if (clock.RealTimeFactor((double)audioFrames / settings.SampleRate) is { } rtf) metrics.RealTimeFactor.Record(rtf, backendTag);
        if (resume.Point is not null) MusicLog.StreamResumed(logger, resume.FromPtsUs / 1e6, cursor.DroppedBlocks);
        MusicLog.StreamEnded(logger, backend.Name, stats.In, (double)audioFrames / settings.SampleRate, stats.Elapsed.TotalSeconds);

        async Task SendAsync()
        {
            foreach (var item in send)
            {
                var message = item.ToProto(encoding);
                if (item is StyleEvent { Name: var name } && name != style) StageMetrics.Tag("expotion.music.style", style = name);
                if (item is not AudioBlock block)
                {
                    await responses.WriteAsync(message, ct);
                    continue;
                }
                var endUs = block.PtsUs + block.Frames * 1_000_000L / block.SampleRate;
                // the newest condition it covers: its audio trails the backend's by the limiter's look-ahead
                message.Audio.Timing = hops.NewestBefore(endUs - mastered.LatencyUs, t => t.MusicOutUs = HopLedger.NowUs());
                await responses.WriteAsync(message, ct);
                audioFrames += block.Frames;
                // A checkpoint lies on the chunk grid (a resume starts there), not after a short tail.
                if (resume.CheckpointDue(endUs)) await responses.WriteAsync(Checkpoint(endUs, state), ct);
            }
            send.Clear();
        }
    }

    private static GenerateResponse Checkpoint(long ptsUs, Google.Protobuf.ByteString state) =>
        new() { Checkpoint = ResumeToken.Checkpoint(ptsUs, 0, state) };

    private IMusicBackend Select(string name)
    {
        var wanted = string.IsNullOrWhiteSpace(name) ? DefaultBackend : name.Trim();
        return backends.FirstOrDefault(b => string.Equals(b.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidInputException("config.backend", $"unknown backend '{wanted}'; available: {string.Join(", ", backends.Select(b => b.Name))}");
    }
}
