using Expotion.V1;

namespace Expotion.Eval;

/// <summary>One composition made for evaluation: its WAV, the motion the vision stage saw, the events and the timings.</summary>
public sealed record ComposedTake(
    string WavPath,
    double VideoSeconds,
    MotionTrack Motion,
    IReadOnlyList<MusicEvent> Events,
    TimeSpan Elapsed,
    IReadOnlyList<(long PtsUs, double WallMs)> FramesSent,
    IReadOnlyList<(long PtsUs, double WallMs, float[] Samples, int Channels)> ChunksArrived)
{
    public IReadOnlyList<double> BeatTimes => Events.Where(e => e.KindCase == MusicEvent.KindOneofCase.Beat).Select(e => e.PtsUs / 1e6).ToList();

    public IReadOnlyList<ChordMark> Chords => Events.Where(e => e.KindCase == MusicEvent.KindOneofCase.Chord)
        .Select(e => new ChordMark(e.PtsUs / 1e6, e.Chord.Name)).ToList();

    public string? Style => Events.FirstOrDefault(e => e.KindCase == MusicEvent.KindOneofCase.Style)?.Style is { } s ? $"{s.Name} in {s.Key}" : null;
}
