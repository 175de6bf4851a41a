namespace Expotion.Eval;

/// <summary>F-measure, precision and recall of estimated beats against reference beats, and their offsets (s).</summary>
/// <param name="MeanOffset">Mean of estimate − reference over the matched pairs (NaN when none matched).</param>
/// <param name="NearestOffset">Median estimate − reference to the nearest estimate within 250 ms.</param>
public sealed record BeatScore(double F, double Precision, double Recall, int Matched, int References, int Estimates,
    double MeanOffset, double NearestOffset);
