using System.Text.Json;
using System.Text.RegularExpressions;

namespace Expotion.Deploy.Tests;

/// <summary>
/// What a Grafana dashboard of ours must be: a well-formed dashboard on a Prometheus data-source variable, whose panels each
/// query with balanced PromQL, only the metrics the README's Observability table documents, and all of them.
/// </summary>
public static partial class DashboardCheck
{
    /// <summary>The problems found; none when the dashboard is right.</summary>
    public static List<string> Problems(string dashboardJson, string readme)
    {
        var problems = new List<string>();
        JsonElement root;
        try { root = JsonDocument.Parse(dashboardJson).RootElement; }
        catch (JsonException ex) { return [$"not JSON: {ex.Message}"]; }
        foreach (var key in new[] { "uid", "title" })
            if (!root.TryGetProperty(key, out var v) || string.IsNullOrWhiteSpace(v.GetString())) problems.Add($"no {key}");
        if (!root.TryGetProperty("schemaVersion", out var schema) || schema.GetInt32() < 30) problems.Add("schemaVersion missing or below 30");
        var variables = root.TryGetProperty("templating", out var t) ? t.GetProperty("list").EnumerateArray().ToList() : [];
        if (!variables.Any(v => v.GetProperty("name").GetString() == "datasource" && v.GetProperty("type").GetString() == "datasource"
                                && v.GetProperty("query").GetString() == "prometheus"))
            problems.Add("no 'datasource' variable of type datasource querying prometheus");

        var documented = DocumentedMetrics(readme);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<int>();
        foreach (var panel in root.GetProperty("panels").EnumerateArray())
        {
            var title = panel.TryGetProperty("title", out var pt) ? pt.GetString() : null;
            var where = $"panel '{title}'";
            if (string.IsNullOrWhiteSpace(title)) problems.Add("a panel without a title");
            if (!ids.Add(panel.GetProperty("id").GetInt32())) problems.Add($"{where}: id {panel.GetProperty("id")} used twice");
            if (panel.GetProperty("type").GetString() is not ("timeseries" or "stat")) problems.Add($"{where}: unknown type");
            var grid = panel.GetProperty("gridPos");
            if (grid.GetProperty("w").GetInt32() <= 0 || grid.GetProperty("h").GetInt32() <= 0) problems.Add($"{where}: empty gridPos");
            if (panel.GetProperty("datasource").GetProperty("uid").GetString() != "${datasource}") problems.Add($"{where}: not on ${{datasource}}");
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            if (targets.Count == 0) problems.Add($"{where}: no query");
            foreach (var target in targets)
            {
                var expr = target.GetProperty("expr").GetString() ?? "";
                if (!Balanced(expr)) problems.Add($"{where}: unbalanced brackets in {expr}");
                foreach (var name in MetricNames(expr))
                {
                    used.Add(name);
                    if (!documented.Contains(name)) problems.Add($"{where}: {name} is not a documented metric");
                }
            }
        }
        foreach (var name in documented.Where(n => !used.Contains(n)).Order(StringComparer.Ordinal))
            problems.Add($"{name} is documented but no panel shows it");
        return problems;
    }

    /// <summary>The Prometheus names in the README's Observability table ({a,b} expanded; histograms without their suffixes).</summary>
    public static HashSet<string> DocumentedMetrics(string readme)
    {
        var start = readme.IndexOf("## Observability", StringComparison.Ordinal);
        var section = start < 0 ? "" : readme[start..];
        var end = section.IndexOf("\n## ", 4, StringComparison.Ordinal);
        if (end > 0) section = section[..end];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Code().Matches(section))
        {
            var text = m.Groups[1].Value;
            var brace = Braces().Match(text);
            var expanded = brace.Success
                ? brace.Groups[2].Value.Split(',').Select(p => brace.Groups[1].Value + p + brace.Groups[3].Value)
                : [text];
            foreach (var name in expanded) if (Name().IsMatch(name)) names.Add(name);
        }
        return names;
    }

    /// <summary>The metric names a PromQL expression reads (not its label names), without _bucket/_count/_sum.</summary>
    public static IEnumerable<string> MetricNames(string expr) =>
        Metric().Matches(Matchers().Replace(Grouping().Replace(expr, ""), "")).Select(m => Suffix().Replace(m.Value, "")).Distinct();

    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    private static bool Balanced(string expr)
    {
        var stack = new Stack<char>();
        foreach (var c in expr)
        {
            if (c is '(' or '[' or '{') stack.Push(c);
            else if (c is ')' or ']' or '}')
            {
                if (stack.Count == 0 || stack.Pop() != c switch { ')' => '(', ']' => '[', _ => '{' }) return false;
            }
        }
        return stack.Count == 0;
    }

    [GeneratedRegex(@"`([a-z_{},]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"^([a-z_]*)\{([a-z,]+)\}([a-z_]*)$")]
    private static partial Regex Braces();

    [GeneratedRegex(@"^(expotion|http_server)_[a-z_]+$")]
    private static partial Regex Name();

    [GeneratedRegex(@"\b(expotion|http_server)_[a-z_]+\b")]
    private static partial Regex Metric();

    [GeneratedRegex(@"_(bucket|count|sum)$")]
    private static partial Regex Suffix();
}
