using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

/// <summary>The Krumhansl–Schmuckler key finder (Krumhansl–Kessler probe-tone profiles, Pearson correlation).</summary>
internal static class KeyFinder
{
    private static readonly double[] Major = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
    private static readonly double[] Minor = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    public static MusicalKey Find(IReadOnlyList<double> histogram)
    {
        var best = new MusicalKey(0, Tonality.Major);
        var bestR = double.NegativeInfinity;
        for (var tonic = 0; tonic < 12; tonic++)
            foreach (var (profile, tonality) in new[] { (Major, Tonality.Major), (Minor, Tonality.Minor) })
            {
                var rotated = Enumerable.Range(0, 12).Select(pc => profile[((pc - tonic) % 12 + 12) % 12]).ToArray();
                var r = Correlation(histogram, rotated);
                if (r > bestR) (best, bestR) = (new MusicalKey(tonic, tonality), r);
            }
        return best;
    }

    private static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < 12; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }
}
