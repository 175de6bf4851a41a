namespace Expotion.Music.MusicGen;

/// <summary>Classifier-free guidance as MusicGen applies it to the logits: uncond + scale · (cond − uncond).</summary>
public static class Guidance
{
    public static void Apply(ReadOnlySpan<float> conditional, ReadOnlySpan<float> unconditional, float scale, Span<float> destination)
    {
        if (conditional.Length != unconditional.Length || destination.Length != conditional.Length)
            throw new ArgumentException("conditional, unconditional and destination must have the same length");
        for (var i = 0; i < destination.Length; i++)
            destination[i] = unconditional[i] + scale * (conditional[i] - unconditional[i]);
    }
}
