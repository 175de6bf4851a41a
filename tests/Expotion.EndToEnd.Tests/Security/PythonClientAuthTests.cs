using System.Text.Json;
using Expotion.Client.Media;
using Expotion.Tests.Shared;

namespace Expotion.EndToEnd.Tests.Security;

/// <summary>The Python client against a gateway with auth on: refused without a token, served with <c>--token</c>.</summary>
public sealed class PythonClientAuthTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task PythonClient_Token_PassedToTheGateway()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = ProcessRunner.RepoRoot;
        var client = Path.Combine(root, "clients", "python", "expotion_client.py");
        var (gen, _, genErr) = await ProcessRunner.RunAsync("bash", [Path.Combine(root, "clients", "python", "generate.sh")], Timeout);
        Assert.True(gen == 0, "generating the Python stubs failed: " + genErr);
        var folder = Directory.CreateTempSubdirectory("expotion-py-auth-").FullName;
        try
        {
            var video = Path.Combine(folder, "short.mp4");
            await SampleVideo.WriteAsync(new SamplePerformer(160, 120, 25, seconds: 2), video, null, ct);
            await using var pipeline = await SecuredPipeline.StartAsync(new Dictionary<string, string?> { ["Auth:Tokens:0"] = "py-token-5e2d" });
            var gateway = $"{pipeline.Gateway.Host}:{pipeline.Gateway.Port}";
            var wav = Path.Combine(folder, "out.wav");

            var (refused, _, why) = await ProcessRunner.RunAsync("/usr/bin/python3", [client, "--gateway", gateway, "--video", video, "--out", wav], Timeout);
            Assert.Equal(1, refused);
            Assert.Contains("UNAUTHENTICATED", why, StringComparison.Ordinal);

            var (code, stdout, err) = await ProcessRunner.RunAsync("/usr/bin/python3",
                [client, "--gateway", gateway, "--video", video, "--out", wav, "--token", "py-token-5e2d"], Timeout);
            Assert.True(code == 0, $"python client failed ({code}): {err}");
            using var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            Assert.Equal(50, summary.RootElement.GetProperty("frames_sent").GetInt32());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
