using System.Diagnostics;
using Expotion.Client.Media;
using Expotion.Tests.Shared;

namespace Expotion.Cli.Tests;

/// <summary>`expotion perform` against `expotion serve all`, run as processes: performers joining one session live, with
/// their session events printed; bad roles; with auth on, a session is joined only with a valid token.</summary>
public sealed class PerformCommandTests(SampleFiles files) : IClassFixture<SampleFiles>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private async Task<string> ShortVideoAsync(double seconds)
    {
        var path = files.TempFile("short.mp4");
        await SampleVideo.WriteAsync(new SamplePerformer(160, 120, 25, seconds), path, null, TestContext.Current.CancellationToken);
        return path;
    }

    private static Process Serve(string url, Dictionary<string, string>? environment = null) =>
        ProcessRunner.Start("dotnet", [ExpotionCli.Dll, "serve", "all", "--urls", url], environment: new Dictionary<string, string>(environment ?? [])
        {
            ["Gateway__WebUrl"] = "none",
        });

    private static async Task StopAsync(Process server)
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Perform_TwoMembersInOneSession_EachHearsThePieceAndSeesTheOther()
    {
        var url = $"http://127.0.0.1:{ProcessRunner.FreePort()}";
        using var server = Serve(url);
        try
        {
            var video = await ShortVideoAsync(5);
            // Ana opens the session: Ben starts once she has printed her join (a fixed delay raced a loaded machine).
            var anaJoined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var ana = ExpotionCli.RunAsync(Timeout, line => { if (line.StartsWith("joined duo: ana", StringComparison.Ordinal)) anaJoined.TrySetResult(); },
                "perform", "--gateway", url, "--session", "duo", "--role", "rhythm", "--member", "ana", "--video", video, "-o", files.TempFile("ana.wav"));
            if (await Task.WhenAny(anaJoined.Task, ana) == ana) Assert.Fail("Ana ended before she joined: " + (await ana).Err);
            var ben = ExpotionCli.RunAsync(Timeout, "perform", "--gateway", url, "--session", "duo", "--member", "ben",
                "--video", video, "-o", files.TempFile("ben.wav"));
            var heard = await Task.WhenAll(ana, ben);

            Assert.All(heard, h => Assert.True(h.Code == 0, h.Err));
            Assert.Contains("joined duo: ana (rhythm); rhythm: ana;", heard[0].Out, StringComparison.Ordinal);
            Assert.Contains("joined duo: ben (energy); rhythm: ana; energy: ben;", heard[0].Out, StringComparison.Ordinal);
            Assert.StartsWith("joined duo: ben (energy); rhythm: ana; energy: ben;", heard[1].Out, StringComparison.Ordinal);
            Assert.Contains(heard[1].Out.Split('\n'), line => line.StartsWith("members: ana (rhythm) ", StringComparison.Ordinal) && line.Contains(", ben (energy) ", StringComparison.Ordinal));
            Assert.All(heard, h => Assert.Contains("wrote ", h.Out, StringComparison.Ordinal));
        }
        finally
        {
            await StopAsync(server);
        }
    }

    [Fact]
    public async Task Perform_BadRoleOrName_OneLineErrorFromTheGatewayNamingTheField()
    {
        var url = $"http://127.0.0.1:{ProcessRunner.FreePort()}";
        using var server = Serve(url);
        try
        {
            var video = await ShortVideoAsync(1);
            var (code, _, err) = await ExpotionCli.RunAsync(Timeout, "perform", "--gateway", url, "--session", "s1", "--role", "drums", "--video", video, "-o", files.TempFile("x.wav"));
            Assert.Equal(2, code);
            Assert.StartsWith("expotion: invalid input: ensemble.role: 'drums' is not a role", err.Trim(), StringComparison.Ordinal);

            (code, _, err) = await ExpotionCli.RunAsync(Timeout, "perform", "--gateway", url, "--session", "no spaces", "--video", video, "-o", files.TempFile("x.wav"));
            Assert.Equal(2, code);
            Assert.StartsWith("expotion: invalid input: ensemble.session: 'no spaces' may only hold", err.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(server);
        }
    }

    [Fact]
    public async Task Perform_RoleWithoutASession_SaysToGiveOne()
    {
        var (code, _, err) = await ExpotionCli.RunAsync(Timeout, "perform", "--role", "rhythm");
        Assert.Equal(2, code);
        Assert.Equal("expotion: --role and --member are for an ensemble; give --session NAME too", err.Trim());
    }

    [Fact]
    public async Task Perform_AuthOn_TheSessionIsJoinedOnlyWithAValidToken()
    {
        var url = $"http://127.0.0.1:{ProcessRunner.FreePort()}";
        using var server = Serve(url, new() { ["Auth__Tokens__0"] = "ens-token-4c1f" });
        try
        {
            var video = await ShortVideoAsync(1);
            string[] join = ["perform", "--gateway", url, "--session", "locked", "--role", "rhythm", "--video", video, "-o", files.TempFile("x.wav")];

            var (code, stdout, err) = await ExpotionCli.RunAsync(Timeout, [.. join, "--token", "wrong-token"]);
            Assert.Equal(1, code);
            Assert.Contains("Unauthenticated", err, StringComparison.Ordinal);
            Assert.DoesNotContain("joined", stdout, StringComparison.Ordinal);

            (code, stdout, err) = await ExpotionCli.RunAsync(Timeout, [.. join, "--token", "ens-token-4c1f"]);
            Assert.True(code == 0, err);
            Assert.Contains("joined locked: ", stdout, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(server);
        }
    }
}
