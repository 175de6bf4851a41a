using Expotion.Music.Core;

namespace Expotion.Music.Tests;

/// <summary>Small audio measurements for the tests: level, peak and a spectral-flux onset detector.</summary>
internal static class AudioAnalysis
{
    public const int FrameSize = 1024;
    public const int Hop = 256;

    /// <summary>The blocks concatenated and mixed to mono.</summary>
    public static float[] Mono(IEnumerable<AudioBlock> blocks)
    {
        var list = new List<float>();
        foreach (var b in blocks)
            for (var f = 0; f < b.Frames; f++)
            {
                var sum = 0f;
                for (var c = 0; c < b.Channels; c++) sum += b.Samples[f * b.Channels + c];
                list.Add(sum / b.Channels);
            }
        return list.ToArray();
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        var sum = 0.0;
        foreach (var v in x) sum += (double)v * v;
        return x.Length == 0 ? 0 : Math.Sqrt(sum / x.Length);
    }

    public static double Peak(IEnumerable<AudioBlock> blocks) =>
        blocks.SelectMany(b => b.Samples).Select(Math.Abs).DefaultIfEmpty(0).Max();

    /// <summary>Onset times in seconds: peaks of the half-wave-rectified log-spectral flux above a local threshold.</summary>
    public static IReadOnlyList<double> Onsets(float[] mono, int sampleRate)
    {
        var frames = (mono.Length - FrameSize) / Hop;
        if (frames < 3) return [];
        var window = new double[FrameSize];
        for (var i = 0; i < FrameSize; i++) window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / FrameSize);
        var previous = new double[FrameSize / 2];
        var flux = new double[frames];
        var re = new double[FrameSize];
        var im = new double[FrameSize];
        for (var t = 0; t < frames; t++)
        {
            for (var i = 0; i < FrameSize; i++) { re[i] = mono[t * Hop + i] * window[i]; im[i] = 0; }
            Fft(re, im);
            var sum = 0.0;
            for (var k = 1; k < FrameSize / 2; k++)
            {
                var mag = Math.Log(1 + 100 * Math.Sqrt(re[k] * re[k] + im[k] * im[k]));
                if (t > 0) sum += Math.Max(0, mag - previous[k]);
                previous[k] = mag;
            }
            flux[t] = sum;
        }
        var max = flux.Max();
        var onsets = new List<double>();
        for (var t = 1; t < frames; t++)
        {
            int lo = Math.Max(0, t - 3), hi = Math.Min(frames - 1, t + 3);
            var isPeak = true;
            for (var j = lo; j <= hi; j++) if (flux[j] > flux[t] || (flux[j] == flux[t] && j < t)) isPeak = false;
            if (!isPeak) continue;
            int wlo = Math.Max(0, t - 16), whi = Math.Min(frames - 1, t + 16);
            var mean = 0.0;
            for (var j = wlo; j <= whi; j++) mean += flux[j];
            mean /= whi - wlo + 1;
            if (flux[t] > 1.3 * mean + 0.05 * max)
                onsets.Add((t * Hop + FrameSize / 2.0) / sampleRate);
        }
        return onsets;
    }

    /// <summary>Energy per pitch class (C = 0) of the audio between two times, from 130 Hz to 2 kHz.</summary>
    public static double[] Chroma(float[] mono, int sampleRate, double fromSeconds, double toSeconds)
    {
        const int n = 4096;
        var chroma = new double[12];
        var re = new double[n];
        var im = new double[n];
        for (var start = (int)(fromSeconds * sampleRate); start + n <= Math.Min(mono.Length, (int)(toSeconds * sampleRate)); start += n / 2)
        {
            for (var i = 0; i < n; i++) { re[i] = mono[start + i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n)); im[i] = 0; }
            Fft(re, im);
            for (var k = 1; k < n / 2; k++)
            {
                var hz = (double)k * sampleRate / n;
                if (hz is < 130 or > 2000) continue;
                var midi = 69 + 12 * Math.Log2(hz / 440);
                chroma[((int)Math.Round(midi) % 12 + 12) % 12] += re[k] * re[k] + im[k] * im[k];
            }
        }
        return chroma;
    }

    private static void Fft(double[] re, double[] im)
    {
        var n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) { (re[i], re[j]) = (re[j], re[i]); (im[i], im[j]) = (im[j], im[i]); }
        }
        for (var len = 2; len <= n; len <<= 1)
        {
            var angle = -2 * Math.PI / len;
            for (var i = 0; i < n; i += len)
                for (var k = 0; k < len / 2; k++)
                {
                    double wr = Math.Cos(angle * k), wi = Math.Sin(angle * k);
                    double xr = re[i + k + len / 2] * wr - im[i + k + len / 2] * wi;
                    double xi = re[i + k + len / 2] * wi + im[i + k + len / 2] * wr;
                    re[i + k + len / 2] = re[i + k] - xr; im[i + k + len / 2] = im[i + k] - xi;
                    re[i + k] += xr; im[i + k] += xi;
                }
        }
    }
}
