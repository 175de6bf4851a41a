using System.Diagnostics;
using System.Runtime.CompilerServices;
using Expotion.Client.Media;
using Expotion.Composition;
using Expotion.Gateway.Core.Ensemble;
using Expotion.V1;

namespace Expotion.Client.Compose;

/// <summary>One member of an offline ensemble: a video file and the role it plays (empty: the default).</summary>
public sealed record EnsembleVideo(string VideoPath, string? Role);

/// <summary>
/// Several videos steering one piece offline (<c>expotion compose --video a.mp4 --role rhythm --video b.mp4 …</c>): each
/// video goes through vision and smoothing on its own stream, as a live member's frames would at the gateway; their
/// condition rows are merged by role (<see cref="OfflineEnsemble"/>: the gateway's roster and <see cref="RoleMerge"/>) into
/// one condition stream for one music stream. The WAV (and with <see cref="ComposeRequest.MuxOutput"/> the MP4, with the
/// first video's picture) is written as the audio arrives.
/// </summary>
public static class EnsembleComposeJob
{
    /// <summary>Casts the roles (fails fast on an unknown or doubly claimed role, before any stream opens).</summary>
    public static OfflineEnsemble Cast(IReadOnlyList<EnsembleVideo> videos) =>
        new(MemberNames(videos).Select((name, i) => new OfflineMember(name, EnsembleRoles.Parse(videos[i].Role))).ToList(), new EnsembleOptions().MaxMembers);

    public static async Task<ComposeResult> RunAsync(IEnsembleStages stages, ComposeRequest request, IReadOnlyList<EnsembleVideo> videos,
        IProgress<ComposeProgress>? progress, CancellationToken cancellationToken)
    {
        var ensemble = Cast(videos);
        var infos = new List<VideoInfo>();
        foreach (var v in videos) infos.Add(await VideoFileSource.ProbeAsync(v.VideoPath, cancellationToken));
        var fps = infos.Select(i => request.Fps > 0 ? request.Fps : Math.Min(i.Fps, 30)).ToList();
        var total = infos.Select((i, k) => i.DurationSeconds > 0 ? (long)Math.Round(i.DurationSeconds * fps[k]) : 0).Sum();
        var videoSeconds = infos.Max(i => i.DurationSeconds);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        var config = request.ToConfig();
        var members = new List<IAsyncEnumerator<PerformResponse>>();
        var events = new List<MusicEvent>();
        try
        {
            FeatureSchema? schema = null;
            for (var k = 0; k < videos.Count; k++)
            {
                var frames = VideoFileSource.ReadAsync(infos[k], fps[k], request.MaxWidth, cancellationToken);
                if (request.LivePace) frames = ComposeJob.PaceAsync(frames, cancellationToken);
                var member = stages.ConditionsAsync(config, Count(frames, () => Interlocked.Increment(ref sent)), null, cancellationToken).GetAsyncEnumerator(cancellationToken);
                members.Add(member);
                if (!await member.MoveNextAsync() || member.Current.KindCase != PerformResponse.KindOneofCase.Schema)
                    throw new InvalidOperationException($"the pipeline did not answer '{videos[k].VideoPath}' with its feature schema");
                var own = member.Current.Schema;
                schema ??= own;
                if (own.Id != schema.Id || own.Dims != schema.Dims)
                    throw new InvalidInputException("ensemble", $"'{videos[k].VideoPath}' gives {own.Id} ({own.Dims} values), the first video {schema.Id} ({schema.Dims})");
            }
            var layout = new SessionLayout(schema!.Id, schema.Dims, schema.Names, schema.MotionEnergyIndex, config.Music.ChunkMs * 1000L);
            var merged = ensemble.MergeAsync(layout, members.Select(Rows).ToList(), cancellationToken);
            var music = config.Music.Clone();
            music.Schema = schema;

            using var wav = new WavSink(request.OutputWav);
            var lastReport = TimeSpan.Zero;
            await foreach (var response in stages.GenerateAsync(music, merged.Select(ToCondition), null, cancellationToken).WithCancellation(cancellationToken))
            {
                if (response.KindCase == PerformResponse.KindOneofCase.Audio) wav.Write(response.Audio);
                else if (response.KindCase == PerformResponse.KindOneofCase.Event) events.Add(response.Event);
                if (progress is not null && clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(200))
                {
                    lastReport = clock.Elapsed;
                    progress.Report(new ComposeProgress(Interlocked.Read(ref sent), total, wav.Seconds, videoSeconds));
                }
            }
            progress?.Report(new ComposeProgress(sent, Math.Max(total, sent), wav.Seconds, videoSeconds));
            var result = new ComposeResult(request.OutputWav, videoSeconds, sent, wav.Seconds, wav.SampleRate, wav.Channels, wav.Peak, wav.Rms, events, clock.Elapsed);
            wav.Dispose();
            if (request.MuxOutput is { } mp4) await ComposeJob.MuxAsync(videos[0].VideoPath, request.OutputWav, mp4, cancellationToken);
            return result;
        }
        finally
        {
            foreach (var member in members) await member.DisposeAsync();
        }
    }

    /// <summary>Each member's name: the video's file name without its extension, made unique with -2, -3 ….</summary>
    public static IReadOnlyList<string> MemberNames(IReadOnlyList<EnsembleVideo> videos)
    {
        var names = new List<string>();
        foreach (var v in videos)
        {
            var stem = Path.GetFileNameWithoutExtension(v.VideoPath);
            if (stem.Length == 0) stem = "member";
            var name = stem;
            for (var n = 2; names.Contains(name); n++) name = $"{stem}-{n}";
            names.Add(name);
        }
        return names;
    }

    private static async IAsyncEnumerable<ConditionRow> Rows(IAsyncEnumerator<PerformResponse> member)
    {
        while (await member.MoveNextAsync())
            if (member.Current.Condition is { } c) yield return new ConditionRow(c.Index, [.. c.Values]);
    }

    private static ConditionFrame ToCondition(ConditionRow row) => new()
    {
        Index = row.Index, PtsUs = Expotion.Core.TimeGrid.PtsOf(row.Index), Values = { row.Values },
    };

    private static async IAsyncEnumerable<VideoFrame> Count(IAsyncEnumerable<VideoFrame> frames, Action counted,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            counted();
            yield return frame;
        }
    }
}
