using Expotion.V1;

namespace Expotion.Client.Compose;

/// <summary>What came back: the audio's figures and the musical events, for display and for checks.</summary>
public sealed record ComposeResult(
    string WavPath,
    double VideoSeconds,
    long FramesSent,
    double AudioSeconds,
    int SampleRate,
    int Channels,
    double Peak,
    double Rms,
    IReadOnlyList<MusicEvent> Events,
    TimeSpan Elapsed)
{
    public IEnumerable<MusicEvent> Beats => Events.Where(e => e.KindCase == MusicEvent.KindOneofCase.Beat);
    public MusicEvent? Style => Events.FirstOrDefault(e => e.KindCase == MusicEvent.KindOneofCase.Style);
    public MusicEvent? LastTempo => Events.LastOrDefault(e => e.KindCase == MusicEvent.KindOneofCase.Tempo);
}
