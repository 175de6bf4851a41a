using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Expotion.Browser.Tests;

/// <summary>The live page in real headless Chromium with a fake camera, against `serve all` in this process.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LivePageTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const float Timeout = 30_000;

    [Fact]
    public async Task Perform_SwingingCamera_PlaysInTimeAndFollowsThePrompt()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("EXPOTION_BROWSER_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 12;
        await using var server = await fixture.ServeAsync();
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 720 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(server.Page);
        Assert.Equal("Start", await page.InnerTextAsync("#start"));
        await page.ClickAsync("#start");

        // The start: the jitter buffer settles in the first seconds (it may grow once); from then on, no underrun.
        await WaitAsync(page, "s.playing && s.playedMs > 3000");
        var played0 = await Get<double>(page, "playedMs");
        var underruns0 = await Get<int>(page, "underruns");
        var watch = Stopwatch.StartNew();
        await WaitAsync(page, $"s.playedMs >= {played0 + seconds * 1000}", seconds * 1000 + Timeout);
        var elapsed = watch.Elapsed.TotalSeconds;

        var state = await StateAsync(page);
        output.WriteLine(JsonSerializer.Serialize(state));
        Assert.Empty(errors);
        Assert.Equal(underruns0, state.GetProperty("underruns").GetInt32());
        Assert.Equal(0, state.GetProperty("featuresOutOfOrder").GetInt32());
        Assert.True(state.GetProperty("framesSent").GetInt32() >= seconds * 8, "frames sent: " + state.GetProperty("framesSent"));
        Assert.True(state.GetProperty("featuresIn").GetInt32() >= seconds * 6, "frames processed: " + state.GetProperty("featuresIn"));
        Assert.True(elapsed < seconds * 1.3 + 2, $"{seconds} s of audio took {elapsed:F1} s to play");

        // The tempo the page shows follows the swing (120 BPM).
        await WaitAsync(page, $"s.tempoSource === 'motion' && Math.abs(s.tempoBpm - {BrowserFixture.SwingBpm}) < {BrowserFixture.SwingBpm * 0.07}", 20_000);
        Assert.True(await Get<int>(page, "beats") > seconds, "beats");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Output, "playing.png") });

        // Changing the prompt while playing changes the music: the conductor announces the new style.
        var before = await Get<string>(page, "style");
        Assert.Equal("pop", before);
        await page.FillAsync("#prompt", "loud punk rock with distorted guitars");
        await page.ClickAsync("#apply");
        await WaitAsync(page, "s.style === 'rock'");
        var playedAtSwitch = await Get<double>(page, "playedMs");
        // The switch restarts the gateway's stage streams; on a loaded 2-core machine that gap can cost one
        // underrun (a known defect, left open in issue 10). After the switch, playback is clean again.
        var underrunsAtSwitch = await Get<int>(page, "underruns");
        Assert.InRange(underrunsAtSwitch - underruns0, 0, 1);
        await WaitAsync(page, $"s.playedMs > {playedAtSwitch + 2000}");
        Assert.Equal(underrunsAtSwitch, await Get<int>(page, "underruns"));
        Assert.True(await Get<bool>(page, "connected"));

        var figures = await page.EvaluateAsync<JsonElement>("""
            () => { const s = window.expotion; const q = (a, p) => { const v = [...a].sort((x, y) => x - y); return v.length ? v[Math.min(v.length - 1, Math.floor(p / 100 * v.length))] : 0; };
              return { seconds: s.playedMs / 1000, latencyP50: q(s.latenciesMs, 50), latencyP99: q(s.latenciesMs, 99),
                arrivalP50: q(s.arrivalMs, 50), arrivalP99: q(s.arrivalMs, 99), latencySamples: s.latenciesMs.length,
                framesSent: s.framesSent, framesProcessed: s.featuresIn, fpsSent: s.fpsSent, fpsProcessed: s.fpsProcessed,
                bufferMs: s.bufferMs, targetMs: s.targetMs, underruns: s.underruns, trimmedMs: s.trimmedMs, sampleRate: s.sampleRate, tempoBpm: s.tempoBpm }; }
            """);
        var json = JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true });
        output.WriteLine(json);
        await File.WriteAllTextAsync(Path.Combine(fixture.Output, "figures.json"), json, TestContext.Current.CancellationToken);
        Assert.InRange(figures.GetProperty("latencyP50").GetDouble(), 1, 1000);

        await page.ClickAsync("#start");   // Stop
        await page.CloseAsync();
    }

    [Fact]
    public async Task Perform_ServerRestartsMidPerformance_PageSaysSoAndReconnects()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        var (port, webPort) = (BrowserFixture.FreePort(), BrowserFixture.FreePort());
        var server = await fixture.ServeAsync(port, webPort);
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync(server.Page);
        await page.ClickAsync("#start");
        await WaitAsync(page, "s.playing && s.playedMs > 1000");

        await server.DisposeAsync();
        await WaitAsync(page, "s.status === 'reconnecting'");
        Assert.Contains("Reconnecting", await page.InnerTextAsync("#status"));

        await using var again = await fixture.ServeAsync(port, webPort);
        await WaitAsync(page, "s.connections >= 2 && s.connected && s.status === 'playing'");
        var audio = await Get<double>(page, "audioMs");
        await WaitAsync(page, $"s.playing && s.audioMs > {audio + 3000}");
        Assert.Equal(0, await Get<int>(page, "featuresOutOfOrder"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Start_CameraDenied_SaysSoInPlainWords()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        await using var server = await fixture.ServeAsync();
        // No --use-fake-ui-for-media-stream: the permission is asked for, and refused.
        await using var browser = await fixture.LaunchAsync(["--deny-permission-prompts"]);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Page);
        await page.ClickAsync("#start");
        await WaitAsync(page, "s.status === 'camera-error'");
        Assert.Contains("Camera access was denied", await page.InnerTextAsync("#status"));
    }

    [Fact]
    public async Task Perform_FaceInView_PageShowsTheFaceBoxExpressionAndArms_AndRecordsThePerformance()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        var store = new Expotion.Vision.Models.VisionModelStore();
        var photo = Path.Combine(Expotion.Vision.Models.VisionModelStore.ExpotionCache, "media", "astronaut.png");
        var missing = store.Missing(Expotion.Vision.Models.VisionModelStore.BlazeFace, Expotion.Vision.Models.VisionModelStore.Emotion,
            Expotion.Vision.Models.VisionModelStore.MoveNetLightning);
        Assert.SkipWhen(missing.Count > 0 || !File.Exists(photo), "the vision models or the astronaut photo are not fetched (scripts/setup-vision-models.sh)");

        await using var server = await fixture.ServeAsync(new Dictionary<string, string?> { ["Vision:PersonFeatures"] = "true" });
        await using var browser = await fixture.LaunchAsync(["--use-fake-ui-for-media-stream"], await fixture.PhotoCameraAsync(photo));
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 720 } });
        await page.GotoAsync(server.Page);
        await page.ClickAsync("#start");
        // The NASA portrait: one smiling face, shoulders in view.
        await WaitAsync(page, "s.person && s.person['face.present'] === 1 && s.expression === 'happy' && s.person['pose.present'] === 1", 60_000);
        var person = await page.EvaluateAsync<JsonElement>("() => window.expotion.person");
        output.WriteLine($"face at ({person.GetProperty("face.cx").GetSingle():F2}, {person.GetProperty("face.cy").GetSingle():F2}), " +
            $"happy {person.GetProperty("expr.happy").GetSingle():F2}, valence {person.GetProperty("face.valence").GetSingle():F2}");
        Assert.InRange(person.GetProperty("face.cx").GetSingle(), 0.3f, 0.7f);
        Assert.StartsWith("face: happy", await page.InnerTextAsync("#face"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Output, "face.png") });

        // Record: about 3 s of the performance, saved as a download with the music (and the camera's video).
        await page.ClickAsync("#record");
        await WaitAsync(page, "s.recording");
        var recordedFrom = await Get<double>(page, "playedMs");
        await WaitAsync(page, $"s.playedMs > {recordedFrom + 3000}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#record"));
        var file = Path.Combine(fixture.Output, "recording" + Path.GetExtension(download.SuggestedFilename));
        await download.SaveAsAsync(file);
        var streams = await Expotion.Client.Media.MediaTools.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", file], "ffprobe", Ct);
        output.WriteLine($"recording {new FileInfo(file).Length / 1024} KB, streams: {streams.Replace('\n', ' ')}");
        Assert.Contains("audio", streams);
        Assert.Contains("video", streams);
        // The music is in it: decode the audio and check it is not silence.
        var pcm = Path.Combine(fixture.Output, "recording.f32");
        await Expotion.Client.Media.MediaTools.RunAsync("ffmpeg", ["-v", "error", "-y", "-i", file, "-vn", "-ac", "1", "-ar", "16000", "-f", "f32le", pcm], "ffmpeg", Ct);
        var bytes = await File.ReadAllBytesAsync(pcm, Ct);
        var samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        Assert.True(samples.Length > 16000 * 2, $"{samples.Length / 16000.0:F1} s of audio recorded");
        var rms = Math.Sqrt(samples.Average(x => (double)x * x));
        output.WriteLine($"recorded audio {samples.Length / 16000.0:F1} s, rms {rms:F4}");
        Assert.True(rms > 0.005, $"the recording is silent (rms {rms:F4})");
    }

    [Fact]
    public async Task Perform_TwoPagesAtOnce_BothPlay()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        await using var server = await fixture.ServeAsync();
        var pages = new[] { await fixture.Browser.NewPageAsync(), await fixture.Browser.NewPageAsync() };
        foreach (var page in pages)
        {
            await page.GotoAsync(server.Page);
            await page.ClickAsync("#start");
        }
        foreach (var page in pages) await WaitAsync(page, "s.playing && s.playedMs > 4000");
        foreach (var page in pages)
        {
            Assert.True(await Get<int>(page, "featuresIn") > 20);
            Assert.Equal(0, await Get<int>(page, "featuresOutOfOrder"));
            await page.CloseAsync();
        }
    }

    /// <summary>Waits for a condition on the page's state (<c>s</c>); on timeout, says what the page was showing.</summary>
    private static async Task WaitAsync(IPage page, string condition, double timeout = Timeout)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => {{ const s = window.expotion; return !!(s && ({condition})); }}", null,
                new PageWaitForFunctionOptions { Timeout = (float)timeout, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var state = await StateAsync(page);
            throw new TimeoutException($"waited {timeout / 1000:F0} s for `{condition}`; the page: {JsonSerializer.Serialize(state)}");
        }
    }

    private static Task<T> Get<T>(IPage page, string field) => page.EvaluateAsync<T>($"() => window.expotion.{field}");

    private static Task<JsonElement> StateAsync(IPage page) =>
        page.EvaluateAsync<JsonElement>("() => { const s = { ...window.expotion }; delete s.latenciesMs; delete s.arrivalMs; delete s.events; return s; }");
}
