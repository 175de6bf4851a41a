using System.Diagnostics;
using Expotion.Client.Media;
using Expotion.Tests.Shared;

namespace Expotion.Cli.Tests;

/// <summary>
/// The `expotion` command as a user runs it with security on: `serve all` over TLS (certificate files from the
/// command line, a token from the environment), its gateway calling its own stages over TLS with that token,
/// and `compose --gateway` passing --ca-cert and --token (or EXPOTION_TOKEN); without the token it is refused.
/// </summary>
public sealed class ServeSecurityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ServeAll_OverTlsWithAToken_ComposeWithTheTokenWorksAndWithoutItIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pki = new TestCertificates();
        var video = Path.Combine(pki.Folder, "short.mp4");
        await SampleVideo.WriteAsync(new SamplePerformer(160, 120, 25, seconds: 2), video, null, ct);
        var url = $"https://127.0.0.1:{ProcessRunner.FreePort()}";
        using var server = Start(["serve", "all", "--urls", url, "--tls-cert", pki.ServerCertPath, "--tls-key", pki.ServerKeyPath], new()
        {
            ["Auth__Tokens__0"] = "cli-token-93ad", ["Gateway__StageCaPath"] = pki.CaPath, ["Gateway__WebUrl"] = "none",
        });
        try
        {
            var (code, stdout, err) = await RunAsync(["compose", "--video", video, "-o", Path.Combine(pki.Folder, "a.wav"),
                "--gateway", url, "--ca-cert", pki.CaPath, "--token", "cli-token-93ad"], []);
            Assert.True(code == 0, err);
            Assert.Contains("wrote", stdout, StringComparison.Ordinal);

            (code, _, err) = await RunAsync(["compose", "--video", video, "-o", Path.Combine(pki.Folder, "b.wav"),
                "--gateway", url, "--ca-cert", pki.CaPath], new() { ["EXPOTION_TOKEN"] = "cli-token-93ad" });
            Assert.True(code == 0, err);

            (code, _, err) = await RunAsync(["compose", "--video", video, "-o", Path.Combine(pki.Folder, "c.wav"),
                "--gateway", url, "--ca-cert", pki.CaPath], new() { ["EXPOTION_TOKEN"] = "" });
            Assert.Equal(1, code);
            Assert.Contains("Unauthenticated", err, StringComparison.Ordinal);
            Assert.DoesNotContain("cli-token-93ad", err, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static Process Start(IEnumerable<string> args, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ExpotionCli.Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        return Process.Start(info)!;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(IEnumerable<string> args, Dictionary<string, string> environment)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
