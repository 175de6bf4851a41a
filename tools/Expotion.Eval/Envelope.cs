namespace Expotion.Eval;

/// <summary>A signal sampled at a constant rate from time <see cref="Start"/> (s).</summary>
public sealed record Envelope(double Rate, float[] Values, double Start = 0)
{
    public double Duration => Values.Length / Rate;
    public double TimeOf(double index) => Start + index / Rate;

    /// <summary>Linear interpolation at time <paramref name="t"/> (held at the ends).</summary>
    public double At(double t)
    {
        if (Values.Length == 0) return 0;
        var x = (t - Start) * Rate;
        if (x <= 0) return Values[0];
        if (x >= Values.Length - 1) return Values[^1];
        var i = (int)x;
        var f = x - i;
        return Values[i] * (1 - f) + Values[i + 1] * f;
    }

    /// <summary>This signal on another grid: <paramref name="rate"/> Hz from 0 to <paramref name="seconds"/>.</summary>
    public Envelope Resample(double rate, double seconds)
    {
        var n = Math.Max(0, (int)Math.Floor(seconds * rate));
        var values = new float[n];
        for (var i = 0; i < n; i++) values[i] = (float)At(i / rate);
        return new Envelope(rate, values);
    }

    /// <summary>A centred moving average over <paramref name="seconds"/>.</summary>
    public Envelope Smooth(double seconds)
    {
        var half = Math.Max(0, (int)Math.Round(seconds * Rate / 2));
        var prefix = new double[Values.Length + 1];
        for (var i = 0; i < Values.Length; i++) prefix[i + 1] = prefix[i] + Values[i];
        var values = new float[Values.Length];
        for (var i = 0; i < Values.Length; i++)
        {
            var a = Math.Max(0, i - half);
            var b = Math.Min(Values.Length, i + half + 1);
            values[i] = (float)((prefix[b] - prefix[a]) / (b - a));
        }
        return this with { Values = values };
    }

    /// <summary>The part from <paramref name="from"/> to <paramref name="to"/> (s).</summary>
    public float[] Slice(double from, double to)
    {
        var a = Math.Clamp((int)Math.Round((from - Start) * Rate), 0, Values.Length);
        var b = Math.Clamp((int)Math.Round((to - Start) * Rate), a, Values.Length);
        return Values[a..b];
    }
}
