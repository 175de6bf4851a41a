using System.Text.Json;
using Expotion.Client.Compose;
using Expotion.Composition;
using Expotion.Eval;
using Expotion.Hosting;
using Microsoft.Extensions.Logging;

namespace Expotion.Eval.Tests;

/// <summary>Generate a short known-tempo video, compose through the embedded stages over gRPC, evaluate.</summary>
public sealed class EvalEndToEndTests
{
    [Fact]
    public async Task ComposeAndEvaluate_KnownTempoVideo_MusicFollowsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("expotion-eval-").FullName;
        try
        {
            var video = Path.Combine(folder, "stick.mp4");
            var clip = RhythmVideo.Parse("120:10");
            await clip.WriteAsync(video, ct);
            await using var stages = await EmbeddedStages.StartAsync(LogLevel.Warning, ct);
            using var composer = new PipelineComposer(stages.Endpoints);
            await composer.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct);
            var runner = new EvalRunner(stages.Endpoints.Vision, TextWriter.Null) { SkipSeconds = 4 };
            var stem = Path.Combine(folder, "stick");
            var report = await runner.ComposeAndEvaluateAsync(composer, new ComposeRequest(video, stem + ".wav"), stem, 180, ct);
            TestContext.Current.TestOutputHelper?.WriteLine(EvalRunner.Describe(report));

            // Motion beats come from the video (the vision stage), and sit on the strikes.
            var truth = clip.BeatTimes().Select(t => t + 0.1 * 0.5).ToList();
            Assert.True(BeatMetrics.Score(truth, report.MotionBeatTimes, 0.05).F >= 0.9);
            Assert.InRange(report.Tempo.MotionBpm, 116, 124);
            Assert.InRange(report.Tempo.RelativeError, 0, 0.04);
            // The audio's beats, found from the WAV alone, are the beats the conductor said it played.
            var heard = BeatMetrics.Score(report.EventBeatTimes.Where(t => t > 1).ToList(), report.AudioBeatTimes.Where(t => t > 1).ToList());
            Assert.True(heard.F >= 0.9, $"audio beats vs the conductor's beat events: F {heard.F:F2}");
            Assert.InRange(report.Beat.F, 0, 1);
            Assert.NotEmpty(report.Chords);
            Assert.True(File.Exists(stem + ".eval.png") && new FileInfo(stem + ".eval.png").Length > 10_000);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(stem + ".eval.json", ct));
            Assert.Equal(report.Beat.F, json.RootElement.GetProperty("beat").GetProperty("f").GetDouble(), 3);

            // The same pair again, from the files alone (chords from the events saved beside the WAV).
            var again = await runner.EvaluatePairAsync(video, stem + ".wav", Path.Combine(folder, "pair"), ct);
            Assert.Equal(report.Beat.F, again.Beat.F, 6);
            Assert.Equal(report.Chords.Count, again.Chords.Count);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
