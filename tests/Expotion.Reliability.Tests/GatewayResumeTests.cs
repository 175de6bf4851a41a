using System.Runtime.InteropServices;
using Expotion.Client;
using Expotion.V1;

namespace Expotion.Reliability.Tests;

/// <summary>
/// The whole pipeline behind the gateway, with the music stage in a child process that is killed while a
/// Perform stream runs and restarted on its port: the gateway's composer resumes the music stream, and the
/// client's audio equals an uninterrupted performance of the same video and seed, sample by sample.
/// </summary>
public sealed class GatewayResumeTests(ITestOutputHelper output)
{
    private const int FrameCount = 8 * 25;                       // 8 s of video
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);   // sent at twice real time
    private const long KillAtUs = 2_000_000;

    [Fact]
    public async Task Gateway_MusicStageKilled_ResumesBitIdentical()
    {
        var port = StageProcess.FreePort();
        var first = await StageProcess.StartAsync("music", port);
        StageProcess? second = null;
        try
        {
            await using var pipeline = await InProcessPipeline.StartAsync(externalMusic: first.Address);
            using var gateway = new GatewayPerformer(pipeline.Gateway);

            var reference = await PerformAsync(gateway, null);
            Task<StageProcess>? restart = null;
            var resumed = await PerformAsync(gateway, async receivedUs =>
            {
                if (restart is not null || receivedUs < KillAtUs) return;
                await first.KillAsync();
                restart = StageProcess.StartAsync("music", port);
            });
            Assert.NotNull(restart);
            second = await restart;

            var mismatch = -1;
            for (var i = 0; i < Math.Min(reference.Count, resumed.Count) && mismatch < 0; i++)
                if (BitConverter.SingleToInt32Bits(reference[i]) != BitConverter.SingleToInt32Bits(resumed[i])) mismatch = i;
            output.WriteLine($"reference {reference.Count / 2} frames, resumed {resumed.Count / 2} frames; first differing sample: {(mismatch < 0 ? "none" : mismatch)}; " +
                $"restarted stage: {second.Log.Split('\n').FirstOrDefault(l => l.Contains("resumed", StringComparison.Ordinal))?.Trim()}");
            Assert.Contains("Generate stream resumed at", second.Log, StringComparison.Ordinal);
            Assert.True(reference.Count >= 8 * 32000 * 2, $"the reference is only {reference.Count / 2} frames");
            Assert.Equal(reference.Count, resumed.Count);
            Assert.True(mismatch < 0, $"the resumed performance differs at sample {mismatch}");
            var (drained, counts) = await pipeline.WaitForNoStreamsAsync(TimeSpan.FromSeconds(60));
            Assert.True(drained, counts);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- first music process:\n{first.Log}\n--- second:\n{second?.Log}", ex);
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
        }
    }

    /// <summary>One performance of the video through the gateway; the audio samples, checked contiguous.</summary>
    private static async Task<List<float>> PerformAsync(GatewayPerformer gateway, Func<long, Task>? afterAudio)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var config = new PerformConfig { Music = new GenerateConfig { Prompt = "upbeat funk with bass and drums", Seed = 11 } };
        var samples = new List<float>();
        long endUs = 0;
        await foreach (var r in gateway.PerformAsync(config, Frames.PacedAsync(FrameCount, Pace, cts.Token), cts.Token))
        {
            if (r.KindCase != PerformResponse.KindOneofCase.Audio) continue;
            Assert.Equal(endUs, r.Audio.PtsUs);
            endUs = r.Audio.PtsUs + r.Audio.Frames * 1_000_000L / r.Audio.SampleRate;
            samples.AddRange(MemoryMarshal.Cast<byte, float>(r.Audio.Data.Span).ToArray());
            if (afterAudio is not null) await afterAudio(endUs);
        }
        return samples;
    }
}
