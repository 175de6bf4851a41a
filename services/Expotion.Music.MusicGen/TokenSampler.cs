using Expotion.Music.Core;
using Expotion.Music.Core.Conductor;

namespace Expotion.Music.MusicGen;

/// <summary>
/// Draws one token from a row of logits: temperature, then top-k, then top-p (nucleus), then a draw from the
/// renormalised distribution with a <see cref="SeededRandom"/>, so a seed gives the same tokens on every run.
/// Ties are broken by the lower token id, which keeps the order (and the draw) independent of the sort used.
/// </summary>
public sealed class TokenSampler
{
    private readonly MusicGenSampling _sampling;
    private readonly SeededRandom _random;
    private readonly ByValueDescending _byValue = new();
    private int[] _order = [];
    private float[] _sorted = [];
    private double[] _weights = [];

    public TokenSampler(MusicGenSampling sampling, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        sampling.Validate();
        _sampling = sampling;
        _random = new SeededRandom(seed);
    }

    /// <summary>The sampled token id (0..logits.Length−1).</summary>
    public int Sample(ReadOnlySpan<float> logits)
    {
        var n = logits.Length;
        if (n == 0) throw new ArgumentException("no logits", nameof(logits));
        if (_order.Length != n)
        {
            _order = new int[n];
            _sorted = new float[n];
            _weights = new double[n];
            _byValue.Values = new float[n];
        }
        var values = _byValue.Values;
        logits.CopyTo(values);

        // The candidates: the k best (found through the k-th largest value; ties at it by lower id), else all.
        var keep = _sampling.TopK > 0 ? Math.Min(_sampling.TopK, n) : n;
        var count = 0;
        if (keep < n)
        {
            logits.CopyTo(_sorted);
            Array.Sort(_sorted);
            var threshold = _sorted[n - keep];
            for (var i = 0; i < n; i++)
                if (values[i] > threshold) _order[count++] = i;
            for (var i = 0; i < n && count < keep; i++)
                if (values[i] == threshold) _order[count++] = i;
        }
        else
        {
            for (var i = 0; i < n; i++) _order[i] = i;
            count = n;
        }
        Array.Sort(_order, 0, count, _byValue);

        var t = _sampling.Temperature;
        var max = values[_order[0]];
        double sum = 0;
        for (var r = 0; r < keep; r++)
        {
            var w = Math.Exp((values[_order[r]] - max) / t);
            _weights[r] = w;
            sum += w;
        }
        if (_sampling.TopP > 0 && _sampling.TopP < 1)
        {
            double cumulative = 0;
            for (var r = 0; r < keep; r++)
            {
                cumulative += _weights[r] / sum;
                if (cumulative >= _sampling.TopP)
                {
                    keep = r + 1;
                    break;
                }
            }
            sum = 0;
            for (var r = 0; r < keep; r++) sum += _weights[r];
        }
        var u = _random.NextDouble() * sum;
        for (var r = 0; r < keep; r++)
        {
            u -= _weights[r];
            if (u < 0) return _order[r];
        }
        return _order[keep - 1];
    }

    /// <summary>Token ids by logit, highest first, then by lower id.</summary>
    private sealed class ByValueDescending : IComparer<int>
    {
        public float[] Values { get; set; } = [];

        public int Compare(int a, int b) => Values[a] != Values[b] ? Values[b].CompareTo(Values[a]) : a.CompareTo(b);
    }
}
