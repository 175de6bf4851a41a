using Expotion.Tests.Shared;

namespace Expotion.Cli.Tests;

/// <summary>`expotion compose` and `expotion serve all`, run as processes: one-line errors and exit codes, and compose against a served pipeline.</summary>
public sealed class ComposeCommandTests(SampleFiles files) : IClassFixture<SampleFiles>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Compose_MissingVideo_OneLineErrorAndExit2()
    {
        var (code, _, err) = await ExpotionCli.RunAsync(Timeout, "compose", "--video", "/no/such/video.mp4", "-o", files.TempFile("x.wav"));
        Assert.Equal(2, code);
        Assert.Equal("expotion: video file '/no/such/video.mp4' does not exist", err.Trim());
    }

    [Fact]
    public async Task Compose_NotAVideo_OneLineErrorAndExit2()
    {
        var text = files.TempFile("notes.txt");
        await File.WriteAllTextAsync(text, "this is not a video", TestContext.Current.CancellationToken);
        var (code, _, err) = await ExpotionCli.RunAsync(Timeout, "compose", "--video", text, "-o", files.TempFile("x.wav"));
        Assert.Equal(2, code);
        Assert.StartsWith($"expotion: '{text}' is not a readable video", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Compose_UnknownMode_UsageErrorNonZero()
    {
        var (code, _, err) = await ExpotionCli.RunAsync(Timeout, "compose", "--mode", "sideways");
        Assert.NotEqual(0, code);
        Assert.Contains("sideways", err);
    }

    [Fact]
    public async Task ServeAll_ThenComposeAgainstIt_WorksLikeARemoteDeployment()
    {
        var port = ProcessRunner.FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var server = ProcessRunner.Start("dotnet", [ExpotionCli.Dll, "serve", "all", "--urls", url]);
        try
        {
            var wav = files.TempFile("remote.wav");
            var (code, stdout, err) = await ExpotionCli.RunAsync(Timeout, "compose", "--video", files.SampleVideo, "-o", wav,
                "--vision", url, "--smoothing", url, "--music", url, "--seed", "5");
            Assert.True(code == 0, err);
            Assert.Contains("wrote", stdout);
            var (code2, _, err2) = await ExpotionCli.RunAsync(Timeout, "compose", "--video", files.SampleVideo, "-o", files.TempFile("gw.wav"),
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
}
