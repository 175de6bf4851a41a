namespace Expotion.Cli.Bench;

/// <summary>Percentiles of a set of latencies in milliseconds.</summary>
internal sealed class LatencyStats
{
    private readonly List<double> _ms = [];

    public void Add(double ms) => _ms.Add(ms);

    public int Count => _ms.Count;

    public double Percentile(double p)
    {
        if (_ms.Count == 0) return double.NaN;
        var sorted = _ms.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public override string ToString() => Count == 0 ? "n/a" : $"p50 {Percentile(50),7:F1} ms   p99 {Percentile(99),7:F1} ms   (n={Count})";
}
