namespace Expotion.Deploy.Tests;

/// <summary>deploy/grafana/expotion.json against <see cref="DashboardCheck"/> (its queries also run against a real Prometheus
/// in Expotion.EndToEnd.Tests' PrometheusScrapeTests); broken copies must be refused, so that the check is known to bite.</summary>
public sealed class DashboardTests
{
    private static string Dashboard => File.ReadAllText(Path.Combine(RepoPaths.Deploy, "grafana", "expotion.json"));

    private static string Readme => File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

    [Fact]
    public void Dashboard_DocumentedMetrics_ShowsEachAndOnlyThose()
    {
        Assert.True(DashboardCheck.DocumentedMetrics(Readme).Count >= 15, string.Join(", ", DashboardCheck.DocumentedMetrics(Readme)));
        var problems = DashboardCheck.Problems(Dashboard, Readme);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("expotion_vision_frame_duration_seconds_bucket", "expotion_vison_frame_duration_seconds_bucket", "expotion_vison_frame_duration_seconds is not a documented metric")]
    [InlineData("sum by (expotion_queue) (expotion_queue_depth)", "sum by (method) (expotion_streams_live)", "expotion_queue_depth is documented but no panel shows it")]
    [InlineData("histogram_quantile(0.5, sum by (le) (rate(", "histogram_quantile(0.5, sum by (le) (rate((", "unbalanced brackets")]
    [InlineData("\"uid\": \"${datasource}\"", "\"uid\": \"prom-1\"", "not on ${datasource}")]
    public void DashboardCheck_BrokenDashboard_IsRefused(string from, string to, string expected)
    {
        Assert.Contains(from, Dashboard, StringComparison.Ordinal);
        var problems = DashboardCheck.Problems(Dashboard.Replace(from, to, StringComparison.Ordinal), Readme);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
