using System.Text.Json;
using System.Text.Json.Serialization;

namespace Expotion.Eval;

/// <summary>The JSON report of one video/music pair (seconds, BPM; NaN is written as null).</summary>
public sealed record EvalReport
{
    public required string Video { get; init; }
    public required string Audio { get; init; }
    public required double Duration { get; init; }
    /// <summary>Beats before this time (s) are not scored: the music needs to hear some motion first (mir_eval trims 5 s).</summary>
    public required double SkipSeconds { get; init; }
    public required double ToleranceSeconds { get; init; }

    public required MotionSummary Motion { get; init; }
    public required AudioSummary AudioAnalysis { get; init; }
    /// <summary>Detected audio beats against motion beats, inside the motion's active spans after <see cref="SkipSeconds"/>.</summary>
    public required BeatScore Beat { get; init; }
    /// <summary>The same over the whole clip (no skip, stillness included).</summary>
    public required BeatScore BeatWholeClip { get; init; }
    /// <summary>Audio onsets (not beats) against motion beats: recall says how many motion beats got a sound.</summary>
    public required BeatScore Onset { get; init; }
    public required TempoSummary Tempo { get; init; }
    /// <summary>Integrated loudness, loudness range and true peak of the whole audio (BS.1770 / EBU R128).</summary>
    public LoudnessSummary Loudness { get; init; } = LoudnessSummary.Unmeasured;
    public required EnergySummary Energy { get; init; }
    public required IReadOnlyList<StillnessSummary> Stillness { get; init; }
    /// <summary>The beat events the music stage reported, against motion beats (diagnostic; null without events).</summary>
    public BeatScore? EventBeats { get; init; }
    public IReadOnlyList<ChordMark> Chords { get; init; } = [];
    public IReadOnlyList<double> MotionBeatTimes { get; init; } = [];
    public IReadOnlyList<double> AudioBeatTimes { get; init; } = [];
    public IReadOnlyList<double> EventBeatTimes { get; init; } = [];
    /// <summary>The motion energy per video frame (image widths per second) and the time of its first value.</summary>
    public IReadOnlyList<float> MotionEnergy { get; init; } = [];
    public double MotionEnergyStart { get; init; }
    public double MotionEnergyRate { get; init; }
    public LatencySummary? Latency { get; init; }
    public string? Style { get; init; }
    public double? RenderSpeed { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new NaNAsNull() },
    };

    private sealed class NaNAsNull : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(Math.Round(value, 4));
            else writer.WriteNullValue();
        }
    }
}

public sealed record MotionSummary(double Bpm, int Beats, IReadOnlyList<TimeSpanS> ActiveSpans, double MeanEnergy);

public sealed record AudioSummary(double Bpm, int Beats, int Onsets, double MeanLoudnessDb);

/// <param name="WindowsWithin4Percent">Fraction of 8 s windows (both tempos defined) whose audio tempo is within 4 % of the motion's.</param>
public sealed record TempoSummary(double MotionBpm, double AudioBpm, double ErrorBpm, double RelativeError, double WindowsWithin4Percent, int Windows);

/// <param name="Correlation">Pearson r of motion energy and loudness (dB), both smoothed over 1 s, at 10 Hz, same time.</param>
/// <param name="BestCorrelation">The largest r with the audio lagging by 0..2 s, and that lag.</param>
public sealed record EnergySummary(double Correlation, double BestCorrelation, double BestLagSeconds);

/// <param name="LoudnessDropDb">Loudness in the 2 s before the stillness minus loudness during it.</param>
/// <param name="OnsetsPerSecondBefore">Onsets per second in the 2 s before.</param>
/// <param name="OnsetsPerSecondDuring">Onsets per second during the stillness.</param>
/// <param name="RestartToBeatSeconds">From the first motion beat after the stillness to the first audio beat that matches a motion beat.</param>
public sealed record StillnessSummary(double Start, double End, double LoudnessDropDb, double OnsetsPerSecondBefore,
    double OnsetsPerSecondDuring, double RestartToBeatSeconds);

public sealed record ChordMark(double Time, string Name);

/// <param name="ChunkArrivalMs">Wall-clock time from a frame being sent (at its real-time pace) to the audio chunk that starts at its time arriving: median, p95, max.</param>
/// <param name="BoundMs">Look-ahead plus one chunk: the design bound.</param>
/// <param name="MotionToSoundMs">Wall-clock time from sending the first frame of renewed motion to the arrival of the first chunk with a new onset (null when the video never restarts).</param>
public sealed record LatencySummary(double ChunkArrivalMedianMs, double ChunkArrivalP95Ms, double ChunkArrivalMaxMs, double BoundMs,
    double LookaheadMs, double ChunkMs, double? MotionToSoundMs, double? MotionToSoundAudioMs);
