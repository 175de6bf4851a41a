namespace Expotion.Tests.Shared;

/// <summary>
/// A plain energy-flux onset detector for checks on rendered audio: frame RMS in 10 ms hops, the
/// positive log-energy rise, peaks above an adaptive threshold, at least 50 ms apart.
/// </summary>
public static class OnsetDetector
{
    public static List<double> Detect(float[] mono, int sampleRate, double minRiseDb = 3.0)
    {
        var hop = sampleRate / 100;
        var frames = mono.Length / hop;
        var db = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            double sum = 0;
            for (var i = 0; i < hop; i++) { var s = mono[f * hop + i]; sum += s * s; }
            db[f] = 10 * Math.Log10(sum / hop + 1e-10);
        }
        var onsets = new List<double>();
        var last = double.NegativeInfinity;
        for (var f = 2; f < frames - 1; f++)
        {
            var rise = db[f] - Math.Min(db[f - 1], db[f - 2]);
            var nextRise = db[f + 1] - Math.Min(db[f], db[f - 1]);
            if (rise < minRiseDb || rise < nextRise || db[f] < -50) continue;
            var t = f * 0.01;
            if (t - last < 0.05) continue;
            onsets.Add(t);
            last = t;
        }
        return onsets;
    }

    /// <summary>The fraction of <paramref name="beats"/> that have an onset within <paramref name="tolerance"/> seconds.</summary>
    public static double HitRate(IReadOnlyList<double> beats, IReadOnlyList<double> onsets, double tolerance = 0.07) =>
        beats.Count == 0 ? 0 : beats.Count(b => onsets.Any(o => Math.Abs(o - b) <= tolerance)) / (double)beats.Count;

    public static float[] ToMono(float[] interleaved, int channels)
    {
        if (channels == 1) return interleaved;
        var mono = new float[interleaved.Length / channels];
        for (var i = 0; i < mono.Length; i++)
        {
            float sum = 0;
            for (var c = 0; c < channels; c++) sum += interleaved[i * channels + c];
            mono[i] = sum / channels;
        }
        return mono;
    }
}
