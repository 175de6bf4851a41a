using Expotion.Client;
using Expotion.Client.Compose;
using Expotion.Composition;
using Expotion.Eval;

namespace Expotion.EndToEnd.Tests;

[Collection(PipelineCollection.Name)]
public sealed class ComposeEndToEndTests(PipelineFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (float[] Mono, int SampleRate, double Seconds) ReadWav(string path)
    {
        var (mono, rate) = AudioAnalyzer.ReadMono(path);
        return (mono, rate, (double)mono.Length / rate);
    }

    [Fact]
    public async Task Compose_SampleVideo_WritesWavOfVideoLength_WithOnsetsOnReportedBeats()
    {
        var request = new ComposeRequest(fixture.SampleVideo, fixture.TempFile("out.wav")) { Prompt = "funky rock with drums", Seed = 7 };
        using var composer = new PipelineComposer(fixture.Stages.Endpoints);

        var result = await ComposeJob.RunAsync(composer, request, null, Ct);

        var (mono, rate, seconds) = ReadWav(request.OutputWav);
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine(ComposeJob.Describe(result));
        Assert.Equal(fixture.Performer.FrameCount, result.FramesSent);
        Assert.Equal(32000, rate);
        Assert.InRange(seconds, fixture.Performer.Seconds - 0.1, fixture.Performer.Seconds + 0.1);   // within one 100 ms chunk
        var rms = Math.Sqrt(mono.Average(s => (double)s * s));
        Assert.True(rms > 0.01, $"the audio is (nearly) silent: rms {rms:F4}");
        Assert.True(mono.Max(Math.Abs) <= 1.0f);

        var beats = result.Beats.Select(b => b.PtsUs / 1e6).Where(t => t < seconds - 0.2).ToList();
        var onsets = AudioAnalyzer.Onsets(mono, rate);
        var hit = BeatMetrics.Score(beats, onsets).Hit;
        output.WriteLine($"{beats.Count} beats reported, {onsets.Count} onsets found, {hit:P0} of beats have an onset within 70 ms");
        Assert.True(beats.Count >= 10, $"only {beats.Count} beats reported");
        Assert.True(hit >= 0.6, $"only {hit:P0} of the reported beats have an audio onset within 70 ms");
        Assert.NotNull(result.Style);
    }

    [Fact]
    public async Task Compose_ThroughGateway_GivesTheSameAudioAsTheComposedStages()
    {
        var direct = new ComposeRequest(fixture.SampleVideo, fixture.TempFile("direct.wav")) { Prompt = "calm ambient pads", Seed = 3 };
        var viaGateway = direct with { OutputWav = fixture.TempFile("gateway.wav") };
        using (var composer = new PipelineComposer(fixture.Stages.Endpoints))
            await ComposeJob.RunAsync(composer, direct, null, Ct);
        using (var gateway = new GatewayPerformer(fixture.Gateway))
            await ComposeJob.RunAsync(gateway, viaGateway, null, Ct);

        Assert.Equal(ReadWav(direct.OutputWav).Mono, ReadWav(viaGateway.OutputWav).Mono);
    }

    [Fact]
    public async Task Compose_WithMux_WritesMp4WithVideoAndAudio()
    {
        var request = new ComposeRequest(fixture.SampleVideo, fixture.TempFile("mux.wav")) { MuxOutput = fixture.TempFile("mux.mp4") };
        using var composer = new PipelineComposer(fixture.Stages.Endpoints);
        await ComposeJob.RunAsync(composer, request, null, Ct);

        var streams = await Client.Media.MediaTools.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", request.MuxOutput!], "ffprobe", Ct);
        Assert.Equal(["video", "audio"], streams.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
