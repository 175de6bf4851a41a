namespace Expotion.Music.Core.Conductor;

/// <summary>
/// A fast reading of the tempo from the last strikes themselves: when the two latest intervals between confirmed
/// strikes agree (within 4 %) and the three strikes are of comparable strength (the weakest climb at least half
/// the strongest), their interval is a tempo, available on the strike that completes the second interval — two
/// beats into a new tempo, where the windowed autocorrelation needs about six. One interval may span two beats (a
/// strike too weak to be seen between them). <see cref="PreviousInterval"/>, the intervals before those two, let
/// the caller tell a change (the old beat, then the new one) from strokes that agree by chance.
/// </summary>
internal sealed class StrokeTempo
{
    private const int Kept = 5;
    private const double Agree = 0.04;
    private const double MissedAgree = 0.06;
    private const double Comparable = 0.5;

    private readonly double[] _times = new double[Kept];
    private readonly double[] _strengths = new double[Kept];
    private int _count;

    /// <summary>
    /// The interval (s) ending <paramref name="back"/> intervals before the latest reading's two (1: the one just
    /// before them), or NaN when not seen.
    /// </summary>
    public double PreviousInterval(int back) => back >= 1 && _count >= 3 + back && 3 + back <= Kept ? At(2 + back) - At(3 + back) : double.NaN;

    /// <summary>Forgets the strikes (a pause: the next gesture starts afresh).</summary>
    public void Clear() => _count = 0;

    /// <summary>Adds a confirmed strike; returns the beat interval (s) the last three strikes agree on, or NaN.</summary>
    public double Add(double seconds, double strength)
    {
        _times[_count % Kept] = seconds;
        _strengths[_count % Kept] = strength;
        _count++;
        if (_count < 3) return double.NaN;
        double i1 = At(2) - At(3), i2 = At(1) - At(2);
        if (i1 <= 0 || i2 <= 0) return double.NaN;
        double lo = double.PositiveInfinity, hi = 0;
        for (var k = 1; k <= 3; k++) (lo, hi) = (Math.Min(lo, StrengthAt(k)), Math.Max(hi, StrengthAt(k)));
        if (lo < Comparable * hi) return double.NaN;
        if (Math.Abs(i2 / i1 - 1) <= Agree) return 0.5 * (i1 + i2);
        if (Math.Abs(i2 / (2 * i1) - 1) <= MissedAgree || Math.Abs(i1 / (2 * i2) - 1) <= MissedAgree) return (i1 + i2) / 3;
        return double.NaN;
    }

    /// <summary>The k-th latest strike's time (k = 1: the latest).</summary>
    private double At(int k) => _times[(_count - k) % Kept];

    private double StrengthAt(int k) => _strengths[(_count - k) % Kept];
}
