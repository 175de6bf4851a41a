namespace Expotion.Eval;

/// <summary>
/// Latency of a live-paced composition, from wall-clock send times of frames and arrival times of audio chunks.
/// </summary>
public static class LatencyAnalysis
{
    public static LatencySummary? Measure(ComposedTake take, AudioTrack audio, double lookaheadMs, double chunkMs)
    {
        if (take.ChunksArrived.Count == 0 || take.FramesSent.Count == 0) return null;
        var sent = take.FramesSent.OrderBy(f => f.PtsUs).ToList();
        double SentAt(long ptsUs)
        {
            var i = sent.FindIndex(f => f.PtsUs >= ptsUs);
            return i < 0 ? double.NaN : sent[i].WallMs;
        }

        // A change at the start of a chunk (the worst place in it) reaches the listener when that chunk arrives.
        var lags = take.ChunksArrived
            .Select(c => c.WallMs - SentAt(c.PtsUs))
            .Where(double.IsFinite).OrderBy(v => v).ToList();
        if (lags.Count == 0) return null;

        // Renewed motion after stillness: from sending its first frame to the first chunk holding a new onset.
        double? motionToSound = null, inAudio = null;
        var active = take.Motion.Active;
        var env = take.Motion.Energy;
        for (var i = 1; i < active.Count; i++)
        {
            if (active[i].Start - active[i - 1].End < 1) continue;
            var restart = Enumerable.Range(0, env.Values.Length).Select(k => (T: env.TimeOf(k), E: env.Values[k]))
                .FirstOrDefault(p => p.T >= active[i - 1].End + 0.5 && p.E >= MotionTrack.StillEnergy).T;
            if (restart <= 0) continue;
            var onset = audio.Onsets.FirstOrDefault(t => t >= restart);
            if (onset <= 0) continue;
            var chunk = take.ChunksArrived.LastOrDefault(c => c.PtsUs / 1e3 <= onset * 1e3);
            var restartPts = (long)Math.Round((restart + 0.5 * (env.Duration / env.Values.Length)) * 1e6);
            motionToSound = chunk.WallMs - SentAt(restartPts);
            inAudio = (onset - restart) * 1000;
            break;
        }
        return new LatencySummary(Percentile(lags, 0.5), Percentile(lags, 0.95), lags[^1], lookaheadMs + chunkMs, lookaheadMs, chunkMs, motionToSound, inAudio);
    }

    private static double Percentile(List<double> sorted, double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];
}
