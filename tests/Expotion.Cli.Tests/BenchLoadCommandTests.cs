using System.Diagnostics;
using System.Text.Json;

namespace Expotion.Cli.Tests;

/// <summary>`expotion bench load` run as a user runs it: a short load with two streams, its lines, summary and JSON.</summary>
public sealed class BenchLoadCommandTests
{
    [Fact]
    public async Task BenchLoad_TwoStreams_PrintsIntervalsAndSummary_AndWritesJson()
    {
        var json = Path.Combine(Path.GetTempPath(), $"expotion-load-{Guid.NewGuid():N}.json");
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { ExpotionCli.Dll, "bench", "load", "-n", "2", "--seconds", "2", "--warmup", "1", "--interval", "1", "--json", json })
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            var (text, errors) = (await stdout, await stderr);

            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {errors}");
            Assert.Contains("summary: 2 streams x 30 fps for 2 s", text);
            foreach (var hop in new[] { "vision", "smoothing", "music", "pipeline" }) Assert.Contains($"  {hop} ", text);

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
            var root = report.RootElement;
            Assert.Equal(2, root.GetProperty("streams").GetInt32());
            Assert.Equal(0, root.GetProperty("streamErrors").GetInt64());
            Assert.True(root.GetProperty("framesSent").GetInt64() > 0);
            Assert.True(root.GetProperty("audioSeconds").GetDouble() > 0);
            Assert.Equal(["vision", "smoothing", "music", "pipeline"], root.GetProperty("latency").EnumerateArray().Select(h => h.GetProperty("hop").GetString()));
            Assert.True(root.GetProperty("intervals").GetArrayLength() >= 2);
            Assert.True(root.GetProperty("memoryPeak").GetProperty("workingSetMb").GetDouble() > 0);
        }
        finally
        {
            File.Delete(json);
        }
    }
}
