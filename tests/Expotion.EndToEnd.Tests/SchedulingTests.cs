using Expotion.EndToEnd.Tests.Security;
using Expotion.Hosting;
using Microsoft.Extensions.Logging;

namespace Expotion.EndToEnd.Tests;

/// <summary>
/// The stage hosts' CPU priority (issue 14, item 5): a host asks for Scheduling:Nice (−10 by default) for every
/// thread of its process when it starts, so per-frame work keeps its deadlines while other processes take a core.
/// </summary>
public sealed class SchedulingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_NiceConfigured_EveryThreadRunsAtItOrTheHostSaysWhyNot()
    {
        var logs = await StartAndStopAsync(new Dictionary<string, string?> { ["Scheduling:Nice"] = "-10" });

        if (Environment.IsPrivilegedProcess)
        {
            Assert.Contains(logs.Lines, l => l.Contains("Scheduling:", StringComparison.Ordinal) && l.Contains("at nice -10", StringComparison.Ordinal));
            // Threads that existed at the start took it, and the ones created since (the thread pool's, Kestrel's) inherited it.
            var nices = ThreadNices();
            Assert.NotEmpty(nices);
            Assert.All(nices, n => Assert.Equal(-10, n));
        }
        else
        {
            Assert.Contains(logs.Lines, l => l.Contains("could not set nice -10", StringComparison.Ordinal) && l.Contains("CAP_SYS_NICE", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task StartAsync_NiceZero_LeavesThePriorityAlone()
    {
        var logs = await StartAndStopAsync(new Dictionary<string, string?> { ["Scheduling:Nice"] = "0" });

        Assert.DoesNotContain(logs.Lines, l => l.Contains("Scheduling:", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_NiceOutOfRange_FailsNamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAndStopAsync(new Dictionary<string, string?> { ["Scheduling:Nice"] = "-21" }));

        Assert.Contains("Scheduling:Nice", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Field 19 of /proc/self/task/TID/stat (the fields after the command name's closing parenthesis start at 3).</summary>
    private static List<int> ThreadNices()
    {
        var nices = new List<int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try { stat = File.ReadAllText(Path.Combine(task, "stat")); }
            catch (IOException) { continue; }   // the thread ended meanwhile
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            nices.Add(int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture));
        }
        return nices;
    }

    private static Task<LogCapture> StartAndStopAsync(Dictionary<string, string?> settings)
    {
        settings["Warmup:Enabled"] = "false";
        return HostStartStop.RunAsync(StageRole.Smoothing, settings, Ct);
    }
}
