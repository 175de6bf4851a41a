namespace Expotion.Eval;

/// <summary>What the audio analysis found: onset strength and loudness envelopes, onsets, beats and tempo.</summary>
public sealed record AudioTrack(
    int SampleRate,
    double Duration,
    Envelope OnsetStrength,
    Envelope LoudnessDb,
    IReadOnlyList<double> Onsets,
    IReadOnlyList<double> Beats,
    double Bpm,
    IReadOnlyList<TempoPoint> TempoOverTime);
