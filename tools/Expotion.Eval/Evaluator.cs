namespace Expotion.Eval;

/// <summary>Compares a <see cref="MotionTrack"/> with an <see cref="AudioTrack"/>: beats, tempo, energy, stillness.</summary>
public static class Evaluator
{
    public static EvalReport Evaluate(string video, string audio, MotionTrack motion, AudioTrack track,
        IReadOnlyList<double>? eventBeats = null, IReadOnlyList<ChordMark>? chords = null,
        double skipSeconds = 5, double tolerance = BeatMetrics.DefaultTolerance)
    {
        var duration = Math.Min(motion.Energy.Start + motion.Energy.Duration, track.Duration);
        var scored = motion.Active
            .Select(s => new TimeSpanS(Math.Max(s.Start, skipSeconds), Math.Min(s.End, duration)))
            .Where(s => s.Length > 0).ToList();
        var motionBeats = BeatMetrics.Within(motion.Beats, scored);
        var audioBeats = BeatMetrics.Within(track.Beats, Widen(scored, tolerance));
        var beat = BeatMetrics.Score(motionBeats, audioBeats, tolerance);
        var whole = BeatMetrics.Score(motion.Beats, track.Beats.Where(t => t < duration).ToList(), tolerance);
        var onset = BeatMetrics.Score(motionBeats, BeatMetrics.Within(track.Onsets, Widen(scored, tolerance)), tolerance);
        var events = eventBeats is null ? null : BeatMetrics.Score(motionBeats, BeatMetrics.Within(eventBeats, Widen(scored, tolerance)), tolerance);

        return new EvalReport
        {
            Video = video,
            Audio = audio,
            Duration = duration,
            SkipSeconds = skipSeconds,
            ToleranceSeconds = tolerance,
            Motion = new MotionSummary(motion.Bpm, motion.Beats.Count, motion.Active, motion.Energy.Values.DefaultIfEmpty().Average(v => (double)v)),
            AudioAnalysis = new AudioSummary(track.Bpm, track.Beats.Count, track.Onsets.Count,
                track.LoudnessDb.Values.DefaultIfEmpty(-90).Average(v => (double)v)),
            Beat = beat,
            BeatWholeClip = whole,
            Onset = onset,
            Tempo = Tempo(motion, track, audioBeats, scored),
            Energy = Energy(motion, track, duration),
            Stillness = Stillness(motion, track, duration, tolerance),
            EventBeats = events,
            Chords = chords ?? [],
            MotionBeatTimes = motion.Beats.Select(Ms).ToList(),
            AudioBeatTimes = track.Beats.Select(Ms).ToList(),
            EventBeatTimes = eventBeats?.Select(Ms).ToList() ?? [],
            MotionEnergy = motion.Energy.Values.Select(v => MathF.Round(v, 4)).ToList(),
            MotionEnergyStart = motion.Energy.Start,
            MotionEnergyRate = motion.Energy.Rate,
        };
    }

    private static double Ms(double seconds) => Math.Round(seconds, 3);

    private static List<TimeSpanS> Widen(List<TimeSpanS> spans, double by) => spans.Select(s => new TimeSpanS(s.Start - by, s.End + by)).ToList();

    private static TempoSummary Tempo(MotionTrack motion, AudioTrack track, List<double> audioBeats, List<TimeSpanS> scored)
    {
        // Audio tempo where the motion is scored: from the audio's own beat tracker (median beat interval),
        // falling back to the global autocorrelation tempo.
        var audioBpm = MotionTrack.BpmOf(audioBeats, double.NegativeInfinity, double.PositiveInfinity);
        if (!double.IsFinite(audioBpm)) audioBpm = track.Bpm;
        var motionBpm = MotionTrack.BpmOf(BeatMetrics.Within(motion.Beats, scored), double.NegativeInfinity, double.PositiveInfinity);
        if (!double.IsFinite(motionBpm)) motionBpm = motion.Bpm;
        int windows = 0, within = 0;
        foreach (var m in motion.TempoOverTime)
        {
            if (!double.IsFinite(m.Bpm) || !scored.Any(s => m.Time >= s.Start && m.Time < s.End)) continue;
            var a = MotionTrack.BpmOf(track.Beats, m.Time - 4, m.Time + 4);
            if (!double.IsFinite(a)) a = track.TempoOverTime.Where(p => double.IsFinite(p.Bpm)).OrderBy(p => Math.Abs(p.Time - m.Time)).Select(p => p.Bpm).DefaultIfEmpty(double.NaN).First();
            windows++;
            if (Math.Abs(a / m.Bpm - 1) <= 0.04) within++;
        }
        return new TempoSummary(motionBpm, audioBpm, audioBpm - motionBpm, BeatMetrics.RelativeTempoError(motionBpm, audioBpm),
            windows == 0 ? double.NaN : (double)within / windows, windows);
    }

    private static EnergySummary Energy(MotionTrack motion, AudioTrack track, double duration)
    {
        const double rate = 10;
        var m = motion.Energy.Smooth(1.0).Resample(rate, duration).Values;
        var a = track.LoudnessDb.Smooth(1.0).Resample(rate, duration).Values;
        var r0 = Pearson(m, a, 0);
        double best = r0, bestLag = 0;
        for (var lag = 1; lag <= 20; lag++)
        {
            var r = Pearson(m, a, lag);
            if (r > best) (best, bestLag) = (r, lag / rate);
        }
        return new EnergySummary(r0, best, bestLag);
    }

    /// <summary>Pearson correlation of x[i] with y[i + lag].</summary>
    public static double Pearson(float[] x, float[] y, int lag)
    {
        var n = Math.Min(x.Length, y.Length - lag);
        if (n < 3) return double.NaN;
        double mx = 0, my = 0;
        for (var i = 0; i < n; i++) { mx += x[i]; my += y[i + lag]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i + lag] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx <= 1e-18 || syy <= 1e-18 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    private static List<StillnessSummary> Stillness(MotionTrack motion, AudioTrack track, double duration, double tolerance)
    {
        var list = new List<StillnessSummary>();
        var active = motion.Active;
        for (var i = 0; i + 1 < active.Count; i++)
        {
            var (start, end) = (active[i].End, active[i + 1].Start);
            if (end - start < 1 || start < 2) continue;
            var before = track.LoudnessDb.Slice(start - 2, start);
            var during = track.LoudnessDb.Slice(start + 0.5, end);
            var drop = before.Length > 0 && during.Length > 0 ? before.Average(v => (double)v) - during.Average(v => (double)v) : double.NaN;
            var onBefore = track.Onsets.Count(t => t >= start - 2 && t < start) / 2.0;
            var onDuring = track.Onsets.Count(t => t >= start + 0.5 && t < end) / Math.Max(0.5, end - start - 0.5);
            var firstMotionBeat = motion.Beats.Where(b => b >= end).DefaultIfEmpty(double.NaN).First();
            var restart = double.NaN;
            foreach (var b in track.Beats.Where(b => b >= end - tolerance && b < Math.Min(duration, end + 8)))
                if (motion.Beats.Any(m => Math.Abs(m - b) <= tolerance)) { restart = b - firstMotionBeat; break; }
            list.Add(new StillnessSummary(start, end, drop, onBefore, onDuring, restart));
        }
        return list;
    }
}
