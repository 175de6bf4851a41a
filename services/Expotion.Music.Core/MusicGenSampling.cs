namespace Expotion.Music.Core;

/// <summary>
/// How the <c>musicgen</c> backend samples its tokens (MusicGen's defaults: guidance 3.0, top-k 250, no top-p,
/// temperature 1.0). Other backends ignore it.
/// </summary>
/// <param name="GuidanceScale">Classifier-free guidance: logits = uncond + scale · (cond − uncond); 1 = text only.</param>
/// <param name="TopK">Keep the k most likely tokens (0 = no limit).</param>
/// <param name="TopP">Keep the smallest set of tokens whose probability reaches p (0 = off).</param>
/// <param name="Temperature">Divides the logits before sampling (&gt; 0).</param>
public sealed record MusicGenSampling(double GuidanceScale = 3.0, int TopK = 250, double TopP = 0.0, double Temperature = 1.0)
{
    public static MusicGenSampling Default { get; } = new();

    public void Validate()
    {
        if (GuidanceScale is < 0 or > 20 || double.IsNaN(GuidanceScale))
            throw new InvalidInputException("musicgen.guidance_scale", $"{GuidanceScale} is outside 0..20");
        if (TopK < 0)
            throw new InvalidInputException("musicgen.top_k", $"{TopK}; must be 0 (no limit) or positive");
        if (TopP is < 0 or > 1 || double.IsNaN(TopP))
            throw new InvalidInputException("musicgen.top_p", $"{TopP} is outside 0..1");
        if (Temperature is <= 0 or > 10 || double.IsNaN(Temperature))
            throw new InvalidInputException("musicgen.temperature", $"{Temperature} is outside (0, 10]");
    }
}
