namespace Expotion.Music.Core;

/// <summary>What a backend emits: audio blocks and musical events, in time order.</summary>
public abstract record MusicOutput(long PtsUs);

/// <summary>Interleaved float32 samples in -1..1, starting at PtsUs.</summary>
public sealed record AudioBlock(long PtsUs, int SampleRate, int Channels, float[] Samples) : MusicOutput(PtsUs)
{
    public int Frames => Samples.Length / Channels;
}

/// <param name="Accent">A large gesture led into this beat: it is played louder, with a crash.</param>
public sealed record BeatEvent(long PtsUs, long Index, int Bar, int BeatInBar, bool Accent = false) : MusicOutput(PtsUs)
{
    public bool Downbeat => BeatInBar == 0;
}

public sealed record TempoEvent(long PtsUs, double Bpm, double Confidence, string Source) : MusicOutput(PtsUs);

public sealed record ChordEvent(long PtsUs, string Name, int RootMidi, IReadOnlyList<int> Notes) : MusicOutput(PtsUs);

public sealed record StyleEvent(long PtsUs, string Name, string Reason, string Key) : MusicOutput(PtsUs);

public sealed record DynamicsEvent(long PtsUs, float Energy, float Velocity, float Density) : MusicOutput(PtsUs);
