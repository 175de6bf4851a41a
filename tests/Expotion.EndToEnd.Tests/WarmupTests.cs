using System.Text.RegularExpressions;
using Expotion.EndToEnd.Tests.Security;
using Expotion.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Expotion.EndToEnd.Tests;

/// <summary>
/// Warm-up before listening (issue 21): each stage runs a synthetic performance through its own code while the host
/// starts, before Kestrel binds, so that neither a stream nor a health probe meets a cold stage.
/// </summary>
public sealed partial class WarmupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_Stages_EachRunsItsPerformanceBeforeListening()
    {
        var logs = await StartAndStopAsync(new Dictionary<string, string?> { ["Warmup:Seconds"] = "1" });

        var lines = logs.Lines.ToList();
        var listening = lines.FindIndex(l => l.Contains("Now listening on", StringComparison.Ordinal));
        Assert.True(listening >= 0, logs.All);
        var vision = Warmed(lines, "vision", listening);
        var smoothing = Warmed(lines, "smoothing", listening);
        var music = Warmed(lines, "music", listening);

        // The real code ran: 30 frames (1 s at 30 fps) gave features, causal and centred smoothing gave 50 Hz rows, and
        // the conductor rendered audio with the SoundFont setup installs.
        var features = int.Parse(VisionCount().Match(vision).Groups[1].Value);
        Assert.InRange(features, 29, 30);
        var rows = int.Parse(RowCount().Match(smoothing).Groups[1].Value);
        Assert.InRange(rows, 2 * 45, 2 * 55);
        var audio = double.Parse(AudioSeconds().Match(music).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(audio, 0.9, 1.5);
        Assert.DoesNotContain(lines, l => l.Contains("Warm-up:", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_WarmupDisabled_RunsNone()
    {
        var logs = await StartAndStopAsync(new Dictionary<string, string?> { ["Warmup:Enabled"] = "false" });

        Assert.DoesNotContain(logs.Lines, l => l.Contains("Warm-up:", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_WarmupSecondsOutOfRange_FailsNamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAndStopAsync(new Dictionary<string, string?> { ["Warmup:Seconds"] = "0" }));

        Assert.Contains("Warmup:Seconds", ex.Message, StringComparison.Ordinal);
    }

    private static string Warmed(List<string> lines, string stage, int listening)
    {
        var at = lines.FindIndex(l => l.Contains($"Warm-up: {stage} ran", StringComparison.Ordinal));
        Assert.True(at >= 0, $"no warm-up line for {stage}:\n{string.Join('\n', lines)}");
        Assert.True(at < listening, $"{stage} warmed up after the host began listening");
        return lines[at];
    }

    private static Task<LogCapture> StartAndStopAsync(Dictionary<string, string?> settings) => HostStartStop.RunAsync(StageRole.Stages, settings, Ct);

    [GeneratedRegex(@"into (\d+) feature frames")]
    private static partial Regex VisionCount();

    [GeneratedRegex(@"into (\d+) condition rows")]
    private static partial Regex RowCount();

    [GeneratedRegex(@"into ([\d.]+) s of audio")]
    private static partial Regex AudioSeconds();
}
