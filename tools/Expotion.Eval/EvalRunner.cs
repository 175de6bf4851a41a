using System.Text.Json;
using Expotion.Client.Compose;
using Expotion.Composition;

namespace Expotion.Eval;

/// <summary>
/// The three ways `expotion eval` runs: a video and its music; a folder of pairs (video + WAV of the same
/// name); or compose-and-evaluate in one go. Each writes &lt;name&gt;.eval.json and &lt;name&gt;.eval.png.
/// </summary>
public sealed class EvalRunner(Uri vision, TextWriter log)
{
    public double SkipSeconds { get; init; } = 5;
    public double Tolerance { get; init; } = BeatMetrics.DefaultTolerance;
    public double Fps { get; init; }

    /// <summary>Evaluates an existing video + WAV pair; chords come from a &lt;wav&gt;.events.json beside it, if any.</summary>
    public async Task<EvalReport> EvaluatePairAsync(string video, string wav, string outputStem, CancellationToken cancellationToken)
    {
        var motion = await MotionReader.ReadAsync(vision, video, Fps, 320, cancellationToken);
        var audio = AudioAnalyzer.Analyze(wav);
        var sidecar = EventsPath(wav);
        IReadOnlyList<ChordMark>? chords = null;
        IReadOnlyList<double>? beats = null;
        if (File.Exists(sidecar))
        {
            var saved = JsonSerializer.Deserialize<SavedEvents>(await File.ReadAllTextAsync(sidecar, cancellationToken), EvalReport.Json);
            (chords, beats) = (saved?.Chords, saved?.Beats);
        }
        var report = Evaluator.Evaluate(video, wav, motion, audio, beats, chords, SkipSeconds, Tolerance) with { Loudness = LoudnessAnalysis.Measure(wav) };
        await WriteAsync(report, motion, audio, outputStem, cancellationToken);
        return report;
    }

    /// <summary>Every video in <paramref name="folder"/> that has a WAV of the same name.</summary>
    public async Task<List<EvalReport>> EvaluateFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var reports = new List<EvalReport>();
        foreach (var video in Directory.EnumerateFiles(folder).Where(IsVideo).Order())
        {
            var wav = Path.ChangeExtension(video, ".wav");
            if (!File.Exists(wav)) continue;
            reports.Add(await EvaluatePairAsync(video, wav, Path.ChangeExtension(video, null), cancellationToken));
        }
        return reports;
    }

    /// <summary>Composes <paramref name="request"/> through <paramref name="performer"/>, then evaluates the result.</summary>
    public async Task<EvalReport> ComposeAndEvaluateAsync(IPerformer performer, ComposeRequest request, string outputStem,
        double lookaheadMs, CancellationToken cancellationToken)
    {
        var take = await EvalComposer.ComposeAsync(performer, request, cancellationToken);
        var audio = AudioAnalyzer.Analyze(take.WavPath);
        await File.WriteAllTextAsync(EventsPath(take.WavPath),
            JsonSerializer.Serialize(new SavedEvents(take.BeatTimes, take.Chords), EvalReport.Json), cancellationToken);
        var report = Evaluator.Evaluate(request.VideoPath, take.WavPath, take.Motion, audio, take.BeatTimes, take.Chords, SkipSeconds, Tolerance) with
        {
            Style = take.Style,
            Loudness = LoudnessAnalysis.Measure(take.WavPath),
            Latency = request.LivePace ? LatencyAnalysis.Measure(take, audio, lookaheadMs, request.ChunkMs) : null,
            RenderSpeed = request.LivePace ? null : take.VideoSeconds / Math.Max(1e-3, take.Elapsed.TotalSeconds),
        };
        await WriteAsync(report, take.Motion, audio, outputStem, cancellationToken);
        return report;
    }

    private async Task WriteAsync(EvalReport report, MotionTrack motion, AudioTrack audio, string stem, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(stem + ".eval.json", JsonSerializer.Serialize(report, EvalReport.Json), cancellationToken);
        PlotWriter.Write(stem + ".eval.png", report, motion, audio);
        log.WriteLine(Describe(report));
        log.WriteLine($"  wrote {stem}.eval.json and {stem}.eval.png");
    }

    public static string EventsPath(string wav) => Path.ChangeExtension(wav, ".events.json");

    public static bool IsVideo(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".mp4" or ".mkv" or ".mov" or ".webm" or ".avi";

    public static string Describe(EvalReport r)
    {
        static string F(double v, string format = "F2") => double.IsFinite(v) ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "n/a";
        var lines = new List<string>
        {
            $"{Path.GetFileName(r.Video)} + {Path.GetFileName(r.Audio)}{(r.Style is null ? "" : $" ({r.Style})")}",
            $"  beats    F {F(r.Beat.F)} (P {F(r.Beat.Precision)}, R {F(r.Beat.Recall)}; {r.Beat.Matched}/{r.Beat.References} motion beats, {r.Beat.Estimates} audio beats), " +
            $"mean offset {F(r.Beat.MeanOffset * 1000, "+0;-0")} ms; BCS {F(r.Beat.Coverage * 100, "F0")} %, BHS {F(r.Beat.Hit * 100, "F0")} %; whole clip F {F(r.BeatWholeClip.F)}; onsets R {F(r.Onset.Recall)}" +
            (r.EventBeats is { } e ? $"; conductor's beat events F {F(e.F)}" : ""),
            $"  tempo    motion {F(r.Tempo.MotionBpm, "F1")} BPM, audio {F(r.Tempo.AudioBpm, "F1")} BPM (error {F(r.Tempo.ErrorBpm, "+0.0;-0.0")}, {F(r.Tempo.RelativeError * 100, "F1")} %); " +
            $"{F(r.Tempo.WindowsWithin4Percent * 100, "F0")} % of {r.Tempo.Windows} windows within 4 %",
            $"  loudness {F(r.Loudness.IntegratedLufs, "F1")} LUFS integrated, range {F(r.Loudness.RangeLu, "F1")} LU, true peak {F(r.Loudness.TruePeakDbtp, "F1")} dBTP",
            $"  energy   r {F(r.Energy.Correlation)} (best {F(r.Energy.BestCorrelation)} with the audio {F(r.Energy.BestLagSeconds, "F1")} s later)",
        };
        foreach (var s in r.Stillness)
            lines.Add($"  still    {F(s.Start, "F1")}-{F(s.End, "F1")} s: {F(s.LoudnessDropDb, "F1")} dB quieter, onsets {F(s.OnsetsPerSecondBefore, "F1")}/s -> {F(s.OnsetsPerSecondDuring, "F1")}/s; " +
                      $"back on the motion's beat {F(s.RestartToBeatSeconds, "F2")} s after its first beat");
        if (r.Latency is { } l)
            lines.Add($"  latency  chunk arrival after its frame: median {F(l.ChunkArrivalMedianMs, "F0")} ms, p95 {F(l.ChunkArrivalP95Ms, "F0")} ms, max {F(l.ChunkArrivalMaxMs, "F0")} ms " +
                      $"(bound: look-ahead {F(l.LookaheadMs, "F0")} + chunk {F(l.ChunkMs, "F0")} = {F(l.BoundMs, "F0")} ms)" +
                      (l.MotionToSoundMs is { } m ? $"; renewed motion -> new onset heard {F(m, "F0")} ms (of which {F(l.MotionToSoundAudioMs ?? double.NaN, "F0")} ms musical: waiting for the beat)" : ""));
        if (r.RenderSpeed is { } speed) lines.Add($"  speed    {F(speed, "F1")}x real time through the whole pipeline");
        return string.Join(Environment.NewLine, lines);
    }

    private sealed record SavedEvents(IReadOnlyList<double> Beats, IReadOnlyList<ChordMark> Chords);
}
