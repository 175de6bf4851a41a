using System.Text.Json;
using Expotion.Client;

namespace Expotion.EndToEnd.Tests;

/// <summary>The `expotion` command and the Python client, run as processes the way a user runs them.</summary>
[Collection(PipelineCollection.Name)]
public sealed class CliTests(PipelineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Compose_MissingVideo_OneLineErrorAndExit2()
    {
        var (code, _, err) = await ProcessRunner.ExpotionAsync(Timeout, "compose", "--video", "/no/such/video.mp4", "-o", fixture.TempFile("x.wav"));
        Assert.Equal(2, code);
        Assert.Equal("expotion: video file '/no/such/video.mp4' does not exist", err.Trim());
    }

    [Fact]
    public async Task Compose_NotAVideo_OneLineErrorAndExit2()
    {
        var text = fixture.TempFile("notes.txt");
        await File.WriteAllTextAsync(text, "this is not a video", TestContext.Current.CancellationToken);
        var (code, _, err) = await ProcessRunner.ExpotionAsync(Timeout, "compose", "--video", text, "-o", fixture.TempFile("x.wav"));
        Assert.Equal(2, code);
        Assert.StartsWith($"expotion: '{text}' is not a readable video", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Compose_UnknownMode_UsageErrorNonZero()
    {
        var (code, _, err) = await ProcessRunner.ExpotionAsync(Timeout, "compose", "--mode", "sideways");
        Assert.NotEqual(0, code);
        Assert.Contains("sideways", err);
    }

    [Fact]
    public async Task ServeAll_ThenComposeAgainstIt_WorksLikeARemoteDeployment()
    {
        var port = ProcessRunner.FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var server = ProcessRunner.Start("dotnet", [ProcessRunner.ExpotionDll, "serve", "all", "--urls", url]);
        try
        {
            var wav = fixture.TempFile("remote.wav");
            var (code, stdout, err) = await ProcessRunner.ExpotionAsync(Timeout, "compose", "--video", fixture.SampleVideo, "-o", wav,
                "--vision", url, "--smoothing", url, "--music", url, "--seed", "5");
            Assert.True(code == 0, err);
            Assert.Contains("wrote", stdout);
            var (code2, _, err2) = await ProcessRunner.ExpotionAsync(Timeout, "compose", "--video", fixture.SampleVideo, "-o", fixture.TempFile("gw.wav"),
                "--gateway", url, "--seed", "5");
            Assert.True(code2 == 0, err2);
            Assert.True(new FileInfo(wav).Length > 100_000);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task PythonClient_StreamsTheVideoThroughTheGateway_AndWritesAudio()
    {
        var root = ProcessRunner.RepoRoot;
        var client = Path.Combine(root, "clients", "python", "expotion_client.py");
        var (gen, _, genErr) = await ProcessRunner.RunAsync("bash", [Path.Combine(root, "clients", "python", "generate.sh")], Timeout);
        Assert.True(gen == 0, "generating the Python stubs failed (needs protobuf-compiler and protobuf-compiler-grpc): " + genErr);
        var wav = fixture.TempFile("python.wav");
        var gateway = $"{fixture.Gateway.Host}:{fixture.Gateway.Port}";

        var (code, stdout, err) = await ProcessRunner.RunAsync("/usr/bin/python3", [client, "--gateway", gateway, "--video", fixture.SampleVideo, "--out", wav], Timeout);

        Assert.True(code == 0, $"python client failed ({code}): {err}");
        using var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        Assert.Equal(fixture.Performer.FrameCount, summary.RootElement.GetProperty("frames_sent").GetInt32());
        Assert.InRange(summary.RootElement.GetProperty("audio_seconds").GetDouble(), fixture.Performer.Seconds - 0.1, fixture.Performer.Seconds + 0.1);
        Assert.True(summary.RootElement.GetProperty("beats").GetInt32() > 5);
        Assert.True(new FileInfo(wav).Length > 12 * 32000 * 4 * 0.9);
    }
}
