using Expotion.Composition;
using Expotion.Core;
using Expotion.V1;

namespace Expotion.Reliability.Tests;

/// <summary>
/// The music stage's process is killed mid-stream and restarted on the same port; the client resumes the
/// stream from the audio it had received (music.proto, GenerateConfig.resume). The resumed take must equal
/// an uninterrupted take with the same seed sample by sample: the declared bound on the gap is zero samples,
/// and no sample may come twice.
/// </summary>
public sealed class MusicResumeTests(ITestOutputHelper output)
{
    private const int Conditions = 8 * 50;        // 8 s of performance
    private const long KillAtUs = 3_000_000;      // kill once 3 s of audio has arrived
    private static readonly ResumeOptions Resume = new() { MaxOutage = TimeSpan.FromSeconds(90) };

    [Fact]
    public async Task MusicStream_StageKilled_ResumesBitIdenticalWithNoGapAndNoRepeat()
    {
        var port = StageProcess.FreePort();
        var first = await StageProcess.StartAsync("music", port);
        StageProcess? second = null;
        try
        {
            var reference = await TakeAsync(first.Address, null);
            Assert.Equal(0, reference.Resumes);

            Task<StageProcess>? restart = null;
            long killedAtUs = -1;
            var resumed = await TakeAsync(first.Address, async receivedUs =>
            {
                if (restart is not null || receivedUs < KillAtUs) return;
                killedAtUs = receivedUs;
                await first.KillAsync();
                restart = StageProcess.StartAsync("music", port);
            });
            Assert.NotNull(restart);
            second = await restart;

            var (a, b) = (reference.Recording, resumed.Recording);
            var mismatch = FirstMismatch(a.Samples, b.Samples);
            output.WriteLine($"killed after {killedAtUs / 1e6:F2} s of audio; resumed {resumed.Resumes}x; " +
                $"reference {a.Samples.Count / MusicTake.Channels} frames in {a.ChunkPts.Count} chunks, resumed {b.Samples.Count / MusicTake.Channels} frames in {b.ChunkPts.Count} chunks; " +
                $"first differing sample: {(mismatch < 0 ? "none" : mismatch.ToString(System.Globalization.CultureInfo.InvariantCulture))}; " +
                $"events {a.Events.Count} vs {b.Events.Count}");
            Assert.True(killedAtUs >= KillAtUs, "the music stage was never killed");
            Assert.Equal(1, resumed.Resumes);
            Assert.True(killedAtUs < TimeGrid.PtsOf(Conditions - 50), $"the kill came at {killedAtUs} µs, too late to be mid-stream");

            // Chunk times: contiguous from 0 in both takes, none repeated, none missing.
            var chunkUs = MusicTake.ChunkMs * 1000L;
            Assert.Equal(Enumerable.Range(0, a.ChunkPts.Count).Select(i => i * chunkUs), a.ChunkPts);
            Assert.Equal(a.ChunkPts, b.ChunkPts);
            // Sample by sample: bit-identical, so the gap is 0 samples and nothing is duplicated.
            Assert.True(a.Samples.Count > 8 * MusicTake.SampleRate * MusicTake.Channels, "the reference take is shorter than its conditions");
            Assert.True(a.Samples.Any(s => Math.Abs(s) > 0.01f), "the reference take is silent: nothing to compare");
            Assert.Equal(a.Samples.Count, b.Samples.Count);
            Assert.True(mismatch < 0, $"the resumed take differs from the reference at sample {mismatch} ({mismatch / MusicTake.Channels / (double)MusicTake.SampleRate:F3} s)");
            Assert.Equal(a.Events, b.Events);
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

    private static int FirstMismatch(List<float> a, List<float> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) return i;
        return a.Count == b.Count ? -1 : Math.Min(a.Count, b.Count);
    }

    /// <summary>
    /// One take through a <see cref="ResumableStageStream{TRequest, TResponse}"/> over <see cref="MusicResume"/>. The sender stays at most 1 s of conditions
    /// ahead of the audio received, so that a kill always finds the stream in the middle.
    /// </summary>
    private static async Task<(TakeRecording Recording, int Resumes)> TakeAsync(Uri address, Func<long, Task>? afterAudio)
    {
        using var channel = ExpotionChannel.Create(address);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = cts.Token;
        using var stream = new ResumableStageStream<GenerateRequest, GenerateResponse>(new MusicResume(new V1.Music.MusicClient(channel), MusicTake.Config()),
            ConnectionPolicy.ForResume(Resume), Resume, null, ct);
        await stream.OpenAsync(ct);
        var sender = Task.Run(async () =>
        {
            for (var i = 0L; i < Conditions; i++)
            {
                while (TimeGrid.PtsOf(i) > stream.ReceivedUs + 1_000_000) await Task.Delay(5, ct);
                await stream.RequestStream.WriteAsync(new GenerateRequest { Condition = MusicTake.Condition(i) }, ct);
            }
            await stream.RequestStream.WriteAsync(new GenerateRequest { End = new End() }, ct);
        }, ct);
        var recording = new TakeRecording();
        try
        {
            await foreach (var response in stream.ReadAllAsync(ct))
            {
                recording.Add(response);
                if (response.KindCase == GenerateResponse.KindOneofCase.Audio && afterAudio is not null) await afterAudio(stream.ReceivedUs);
            }
        }
        finally
        {
            await cts.CancelAsync();
            await sender.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return (recording, stream.Resumes);
    }
}
