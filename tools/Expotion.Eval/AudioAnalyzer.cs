using NAudio.Wave;
using NWaves.Transforms;
using NWaves.Windows;

namespace Expotion.Eval;

/// <summary>
/// Audio side of the evaluation. The spectrogram is NWaves' STFT (Hann window, 100 frames a second);
/// onset strength is the log-compressed spectral flux over it (as librosa's <c>onset_strength</c> and
/// aubio's "specflux"); onsets are its peaks; tempo and beats come from <see cref="TempoEstimator"/> and
/// <see cref="BeatTracker"/>; loudness is the frame RMS in dBFS.
/// </summary>
public static class AudioAnalyzer
{
    public const double FrameRate = 100;

    public static AudioTrack Analyze(string wavPath)
    {
        var (mono, rate) = ReadMono(wavPath);
        return Analyze(mono, rate);
    }

    public static (float[] Mono, int SampleRate) ReadMono(string wavPath)
    {
        using var reader = new WaveFileReader(wavPath);
        var provider = reader.ToSampleProvider();
        var channels = provider.WaveFormat.Channels;
        var all = new List<float>((int)Math.Min(int.MaxValue / 2, reader.SampleCount));
        var buffer = new float[4096 * channels];
        int read;
        while ((read = provider.Read(buffer, 0, buffer.Length)) > 0)
            for (var i = 0; i + channels <= read; i += channels)
            {
                var sum = 0f;
                for (var c = 0; c < channels; c++) sum += buffer[i + c];
                all.Add(sum / channels);
            }
        return (all.ToArray(), provider.WaveFormat.SampleRate);
    }

    public static AudioTrack Analyze(float[] mono, int sampleRate)
    {
        var (window, hop) = Framing(sampleRate);
        var duration = (double)mono.Length / sampleRate;
        var onset = OnsetStrength(mono, sampleRate, window, hop);
        var loudness = Loudness(mono, sampleRate, window, hop);
        var onsets = PickOnsets(onset);
        var (bpm, _) = TempoEstimator.Estimate(onset.Values, FrameRate);
        var tempo = TempoEstimator.Windowed(onset, window: Math.Min(8, Math.Max(4, duration)), hop: 1);
        var beats = BeatTracker.Track(onset, i => PeriodAt(tempo, onset.TimeOf(i), bpm));
        return new AudioTrack(sampleRate, duration, onset, loudness, onsets, beats, bpm, tempo);
    }

    /// <summary>
    /// Onset times in seconds: the peaks of the spectral-flux onset strength (<see cref="OnsetStrength"/>). The one onset
    /// detector of the project: the evaluation, and the tests that check rendered audio against the beats it reports.
    /// </summary>
    /// <param name="floor">The onset strength a peak must pass; by default this audio's own median (<see cref="OnsetFloor"/>).
    /// Two recordings compared by their onset counts take one floor, so that the quieter is not judged by a lower bar.</param>
    public static IReadOnlyList<double> Onsets(float[] mono, int sampleRate, float? floor = null)
    {
        ArgumentNullException.ThrowIfNull(mono);
        var (window, hop) = Framing(sampleRate);
        return PickOnsets(OnsetStrength(mono, sampleRate, window, hop), floor);
    }

    /// <summary>The default onset floor of this audio: the median of its onset strength (quiet frames have no onsets).</summary>
    public static float OnsetFloor(float[] mono, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(mono);
        var (window, hop) = Framing(sampleRate);
        return Floor(OnsetStrength(mono, sampleRate, window, hop).Values);
    }

    /// <summary>A ~32 ms window (1024 at 32 kHz, 2048 at 44.1/48 kHz) and a hop of one frame at <see cref="FrameRate"/>.</summary>
    private static (int Window, int Hop) Framing(int sampleRate)
    {
        var window = 1;
        while (window < sampleRate / 32) window <<= 1;
        return (window, (int)Math.Round(sampleRate / FrameRate));
    }

    private static List<double> PickOnsets(Envelope onset, float? floor = null) =>
        PeakPicker.Pick(onset, halfWidth: 0.03, meanWindow: 0.1, delta: 0.3, floor: floor ?? Floor(onset.Values), minSpacing: 0.05);

    /// <summary>Frames per beat at time <paramref name="t"/>: the nearest window's tempo, else the global one.</summary>
    private static double PeriodAt(List<TempoPoint> tempo, double t, double globalBpm)
    {
        var bpm = globalBpm;
        var best = double.PositiveInfinity;
        foreach (var p in tempo)
            if (double.IsFinite(p.Bpm) && p.Strength > 0.1 && Math.Abs(p.Time - t) < best) (best, bpm) = (Math.Abs(p.Time - t), p.Bpm);
        if (!double.IsFinite(bpm)) bpm = 120;
        return 60 * FrameRate / bpm;
    }

    /// <summary>Spectral flux of log(1 + 10·|X|) over the STFT, 30 Hz..10 kHz; frame times at the window centre.</summary>
    public static Envelope OnsetStrength(float[] mono, int sampleRate, int window, int hop)
    {
        if (mono.Length < window) return new Envelope(FrameRate, [], (double)window / 2 / sampleRate);
        var stft = new Stft(window, hop, WindowType.Hann, window);
        var power = stft.Spectrogram(mono, false);
        var lo = (int)Math.Ceiling(30.0 * window / sampleRate);
        var hi = Math.Min(window / 2, (int)(10_000.0 * window / sampleRate));
        var flux = new float[power.Count];
        float[]? previous = null;
        for (var f = 0; f < power.Count; f++)
        {
            var frame = power[f];
            var log = new float[hi + 1];
            for (var k = lo; k <= hi; k++) log[k] = MathF.Log(1 + 10 * MathF.Sqrt(frame[k]));
            if (previous is not null)
            {
                var sum = 0f;
                for (var k = lo; k <= hi; k++) sum += Math.Max(0, log[k] - previous[k]);
                flux[f] = sum / (hi - lo + 1);
            }
            previous = log;
        }
        return new Envelope(FrameRate, flux, (double)window / 2 / sampleRate);
    }

    /// <summary>Frame RMS in dBFS (floor −90).</summary>
    public static Envelope Loudness(float[] mono, int sampleRate, int window, int hop)
    {
        var frames = Math.Max(0, (mono.Length - window) / hop + 1);
        var db = new float[frames];
        for (var f = 0; f < frames; f++)
        {
            double sum = 0;
            for (var i = 0; i < window; i++) { var s = mono[f * hop + i]; sum += s * s; }
            db[f] = (float)Math.Max(-90, 10 * Math.Log10(sum / window + 1e-12));
        }
        return new Envelope(FrameRate, db, (double)window / 2 / sampleRate);
    }

    private static float Floor(float[] x)
    {
        if (x.Length == 0) return 0;
        var sorted = x.OrderBy(v => v).ToArray();
        return sorted[(int)(0.5 * (sorted.Length - 1))];   // at least the median: quiet frames have no onsets
    }
}
