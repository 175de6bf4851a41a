namespace Expotion.Music.Core.Rendering;

/// <summary>Stateless output shaping: a soft knee above 0.8 that keeps every sample strictly inside -1..1, and a fade-out.</summary>
public static class SoftClip
{
    private const float Knee = 0.8f;
    private const float Room = 1 - Knee;

    /// <summary>Leaves |x| &lt;= 0.8 untouched and bends larger values smoothly towards (never onto) ±1.</summary>
    public static void Apply(Span<float> samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var x = samples[i];
            var a = MathF.Abs(x);
            if (a <= Knee) continue;
            if (!float.IsFinite(a)) { samples[i] = 0; continue; }
            samples[i] = MathF.CopySign(Knee + Room * MathF.Tanh((a - Knee) / Room), x);
        }
    }

    /// <summary>Fades interleaved audio linearly from full level to silence.</summary>
    public static void FadeOut(Span<float> samples, int channels)
    {
        var frames = samples.Length / channels;
        for (var f = 0; f < frames; f++)
        {
            var gain = 1f - (f + 1f) / frames;
            for (var c = 0; c < channels; c++) samples[f * channels + c] *= gain;
        }
    }
}
