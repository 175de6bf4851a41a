namespace Expotion.Eval;

/// <summary>F-measure, precision and recall of estimated beats against reference beats, and their offsets (s).</summary>
/// <param name="MeanOffset">Mean of estimate − reference over the matched pairs (NaN when none matched).</param>
/// <param name="NearestOffset">Median estimate − reference to the nearest estimate within 250 ms.</param>
public sealed record BeatScore(double F, double Precision, double Recall, int Matched, int References, int Estimates,
    double MeanOffset, double NearestOffset)
{
    /// <summary>
    /// Beat Coverage Score (D2M-GAN, Zhu et al. 2022; LORIS, Yu et al. 2023): beats detected in the music over
    /// reference beats, B_g / B_t (can pass 1 when the music has more beats than the motion).
    /// </summary>
    public double Coverage => References == 0 ? double.NaN : (double)Estimates / References;

    /// <summary>Beat Hit Score (same papers): aligned beats over reference beats, B_a / B_t, here within the F window.</summary>
    public double Hit => References == 0 ? double.NaN : (double)Matched / References;
}
