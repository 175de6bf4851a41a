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
}
