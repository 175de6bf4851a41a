using System.Text.Json;
using Expotion.Tests.Shared;

namespace Expotion.EndToEnd.Tests;

/// <summary>The Python client (clients/python), run as a process the way a user runs it, against the fixture's gateway.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PythonClientTests(PipelineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

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

    [Fact]
    public async Task PythonClient_Session_JoinsAnEnsembleWithItsRoleAndSaysWhoDrivesWhat()
    {
        var root = ProcessRunner.RepoRoot;
        var client = Path.Combine(root, "clients", "python", "expotion_client.py");
        var (gen, _, genErr) = await ProcessRunner.RunAsync("bash", [Path.Combine(root, "clients", "python", "generate.sh")], Timeout);
        Assert.True(gen == 0, "generating the Python stubs failed: " + genErr);
        var gateway = $"{fixture.Gateway.Host}:{fixture.Gateway.Port}";

        var (code, stdout, err) = await ProcessRunner.RunAsync("/usr/bin/python3",
            [client, "--gateway", gateway, "--video", fixture.SampleVideo, "--out", fixture.TempFile("py-session.wav"), "--session", "py-solo", "--role", "harmony", "--member", "cy"], Timeout);

        Assert.True(code == 0, $"python client failed ({code}): {err}");
        Assert.Contains("joined py-solo: cy; rhythm: cy (fallback)", err, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var session = summary.RootElement.GetProperty("session");
        Assert.Equal("py-solo", session.GetProperty("name").GetString());
        Assert.Equal("cy", session.GetProperty("member").GetString());
        Assert.Equal("rhythm: cy (fallback); energy: cy (fallback); harmony: cy; melody: cy (fallback)", session.GetProperty("roles").GetString());
        Assert.Equal("harmony", session.GetProperty("members")[0].GetProperty("role").GetString());
        Assert.InRange(summary.RootElement.GetProperty("audio_seconds").GetDouble(), fixture.Performer.Seconds - 0.2, fixture.Performer.Seconds + 0.2);

        var (usage, _, why) = await ProcessRunner.RunAsync("/usr/bin/python3", [client, "--video", fixture.SampleVideo, "--role", "rhythm"], Timeout);
        Assert.Equal(2, usage);
        Assert.Contains("--role and --member are for an ensemble; give --session NAME too", why, StringComparison.Ordinal);
    }
}
