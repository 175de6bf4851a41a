using Expotion.Music.Core;

namespace Expotion.Music.Tests;

/// <summary>Small audio measurements for the tests: level, peak and chroma (onsets come from the evaluation's <c>AudioAnalyzer</c>).</summary>
internal static class AudioAnalysis
{
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
