using System.Runtime.InteropServices;
using Expotion.Composition;
using Expotion.V1;

namespace Expotion.Reliability.Tests;

/// <summary>
/// The vision or the smoothing stage runs in a child process that is killed mid-performance and restarted on
/// its port; the composed pipeline resumes that hop (vision.proto ExtractConfig.resume, smoothing.proto
/// AlignConfig.resume). The features, the conditions and the audio must equal an uninterrupted performance of
/// the same video and seed bit for bit: nothing missing, nothing twice.
/// </summary>
public sealed class StageResumeTests(ITestOutputHelper output)
{
    private const int FrameCount = 6 * 25;                                   // 6 s of video
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);   // sent at twice real time
    private const long KillAtUs = 2_000_000;
    private static readonly ResumeOptions Resume = new() { MaxOutage = TimeSpan.FromSeconds(60) };

    [Fact]
    public Task Killed_vision_stage_resumes_bit_identical() =>
        KillAndCompareAsync("vision", "Extract stream resumed at", r => r.KindCase == PerformResponse.KindOneofCase.Features ? r.Features.PtsUs : -1);

    [Fact]
    public Task Killed_smoothing_stage_resumes_bit_identical() =>
        KillAndCompareAsync("smoothing", "Align stream resumed at", r => r.KindCase == PerformResponse.KindOneofCase.Condition ? r.Condition.PtsUs : -1);

    /// <param name="role">The stage run in the child process and killed.</param>
    /// <param name="resumedLog">What its restarted process logs when a stream resumed on it ends.</param>
    /// <param name="killedStageOutput">The pts of an output of that stage in a performance message (-1 for others): the kill comes once one reaches <see cref="KillAtUs"/>.</param>
    private async Task KillAndCompareAsync(string role, string resumedLog, Func<PerformResponse, long> killedStageOutput)
    {
        var port = StageProcess.FreePort();
        var first = await StageProcess.StartAsync(role, port);
        StageProcess? second = null;
        try
        {
            await using var pipeline = await InProcessPipeline.StartAsync();
            var endpoints = role == "vision"
                ? new StageEndpoints(first.Address, pipeline.Smoothing, pipeline.Music)
                : new StageEndpoints(pipeline.Vision, first.Address, pipeline.Music);
            using var composer = new PipelineComposer(endpoints, resume: Resume);

            var reference = await PerformAsync(composer, null);
            Task<StageProcess>? restart = null;
            long killedAtUs = -1;
            var resumed = await PerformAsync(composer, async r =>
            {
                var pts = killedStageOutput(r);
                if (restart is not null || pts < KillAtUs) return;
                killedAtUs = pts;
                await first.KillAsync();
                restart = StageProcess.StartAsync(role, port);
            });
            Assert.NotNull(restart);
            second = await restart;
            for (var i = 0; i < 100 && !second.Log.Contains(resumedLog, StringComparison.Ordinal); i++) await Task.Delay(100);

            var features = FirstMismatch(reference.Features, resumed.Features);
            var conditions = FirstMismatch(reference.Conditions, resumed.Conditions);
            var samples = FirstMismatch(reference.Samples, resumed.Samples);
            output.WriteLine($"{role} killed at {killedAtUs / 1e6:F2} s; features {reference.Features.Count} vs {resumed.Features.Count} values " +
                $"(first differing: {Describe(features)}), conditions {reference.Conditions.Count} vs {resumed.Conditions.Count} values (first differing: {Describe(conditions)}), " +
                $"audio {reference.Samples.Count} vs {resumed.Samples.Count} samples (first differing: {Describe(samples)}); " +
                $"restarted stage: {second.Log.Split('\n').FirstOrDefault(l => l.Contains(resumedLog, StringComparison.Ordinal))?.Trim()}");
            Assert.True(killedAtUs >= KillAtUs, $"the {role} stage was never killed");
            Assert.Contains(resumedLog, second.Log, StringComparison.Ordinal);
            Assert.Equal(reference.FeaturePts, resumed.FeaturePts);
            Assert.Equal(reference.ConditionIndices, resumed.ConditionIndices);
            Assert.Equal(Enumerable.Range(0, FrameCount).Select(i => i * 40_000L), reference.FeaturePts);
            Assert.True(reference.Samples.Count >= 5 * 32000 * 2, $"the reference is only {reference.Samples.Count / 2} frames");
            Assert.True(features < 0, $"the resumed features differ at value {features}");
            Assert.True(conditions < 0, $"the resumed conditions differ at value {conditions}");
            Assert.True(samples < 0, $"the resumed audio differs at sample {samples}");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- first {role} process:\n{first.Log}\n--- second:\n{second?.Log}", ex);
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
        }
    }

    private static string Describe(int mismatch) => mismatch < 0 ? "none" : mismatch.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int FirstMismatch(List<float> a, List<float> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) return i;
        return a.Count == b.Count ? -1 : Math.Min(a.Count, b.Count);
    }

    /// <summary>One performance of the video with its features and conditions echoed; the audio checked contiguous.</summary>
    private static async Task<Performance> PerformAsync(PipelineComposer composer, Func<PerformResponse, Task>? after)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var config = Frames.Config();
        config.IncludeFeatures = true;
        var take = new Performance();
        long endUs = 0;
        await foreach (var r in composer.PerformAsync(config, Frames.PacedAsync(FrameCount, Pace, cts.Token), cts.Token))
        {
            switch (r.KindCase)
            {
                case PerformResponse.KindOneofCase.Features:
                    take.FeaturePts.Add(r.Features.PtsUs);
                    take.Features.AddRange(r.Features.Values);
                    break;
                case PerformResponse.KindOneofCase.Condition:
                    take.ConditionIndices.Add(r.Condition.Index);
                    take.Conditions.AddRange(r.Condition.Values);
                    break;
                case PerformResponse.KindOneofCase.Audio:
                    Assert.Equal(endUs, r.Audio.PtsUs);
                    endUs = r.Audio.PtsUs + r.Audio.Frames * 1_000_000L / r.Audio.SampleRate;
                    take.Samples.AddRange(MemoryMarshal.Cast<byte, float>(r.Audio.Data.Span).ToArray());
                    break;
            }
            if (after is not null) await after(r);
        }
        return take;
    }

    private sealed class Performance
    {
        public List<long> FeaturePts { get; } = [];
        public List<float> Features { get; } = [];
        public List<long> ConditionIndices { get; } = [];
        public List<float> Conditions { get; } = [];
        public List<float> Samples { get; } = [];
    }
}
