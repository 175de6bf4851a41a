using Expotion.Core;
using Expotion.V1;

namespace Expotion.Client.Compose;

/// <summary>One offline (or live-paced) composition: a video file in, a WAV (and optionally an MP4) out.</summary>
public sealed record ComposeRequest(string VideoPath, string OutputWav)
{
    public string Prompt { get; init; } = "upbeat pop with drums and piano";
    public ulong Seed { get; init; } = 1;
    public SmoothingMode Mode { get; init; } = SmoothingMode.Centred;
    public int SampleRate { get; init; } = 32000;
    public int Channels { get; init; } = 2;
    public int ChunkMs { get; init; } = ChunkLength.DefaultMs;
    public double Fps { get; init; }                  // 0 = the file's rate, at most 30
    public int MaxWidth { get; init; } = 320;
    public bool LivePace { get; init; }               // send frames at their real-time pace (like a webcam)
    public string? MuxOutput { get; init; }           // write the video with the new soundtrack here
    public string Backend { get; init; } = "";
    public double LoudnessLufs { get; init; }         // the master bus's integrated loudness target; 0 = -14 LUFS
    public EnsembleConfig? Ensemble { get; init; }    // join a gateway's session (live, through a gateway only)

    public PerformConfig ToConfig() => new()
    {
        Vision = new ExtractConfig(),
        Smoothing = new AlignConfig { Mode = Mode },
        Music = new GenerateConfig
        {
            Prompt = Prompt, Seed = Seed, SampleRate = SampleRate, Channels = Channels, ChunkMs = ChunkMs,
            Backend = Backend, Encoding = AudioEncoding.PcmF32Le, LoudnessTargetLufs = LoudnessLufs,
        },
        Ensemble = Ensemble,
    };
}
