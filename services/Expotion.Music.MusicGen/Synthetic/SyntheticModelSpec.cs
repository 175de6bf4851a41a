namespace Expotion.Music.MusicGen.Synthetic;

/// <summary>
/// The dimensions of a synthetic MusicGen export (random weights, the real signatures): a tiny one for tests, or
/// musicgen-small's decoder (24 layers, hidden 1024, 16 heads, vocabulary 2048, text width 768) for benchmarks.
/// </summary>
/// <param name="ConditionDims">Width D of the adaptor's <c>visual_condition</c>; 0 = no adaptor inputs.</param>
/// <param name="CodecMemory">The codec's frame f also hears frame f − 1 (as a real codec's convolutions do), so
/// decoding in pieces needs earlier frames as context; false = each frame maps to its own samples only.</param>
/// <param name="ShareLayerWeights">Every layer uses the same weight tensors: the same arithmetic per step as distinct
/// weights, in a file 24× smaller (one layer of musicgen-small already exceeds the CPU caches, so memory traffic per
/// step is of the same order).</param>
public sealed record SyntheticModelSpec(
    int Layers,
    int Hidden,
    int Heads,
    int TextDims,
    int ConditionDims = 0,
    int FfnMultiplier = 4,
    int CodecDims = 8,
    int MaxPositions = 2048,
    ulong Seed = 1,
    bool ShareLayerWeights = false,
    bool CodecMemory = false)
{
    public int HeadSize => Hidden / Heads;

    /// <summary>A few layers of tiny width: fast enough for unit tests, deep enough for the cache and attention to matter.</summary>
    public static SyntheticModelSpec Tiny(int conditionDims = 0) => new(Layers: 2, Hidden: 16, Heads: 2, TextDims: 12, ConditionDims: conditionDims);

    /// <summary>musicgen-small's decoder dimensions.</summary>
    public static SyntheticModelSpec MusicGenSmall() => new(Layers: 24, Hidden: 1024, Heads: 16, TextDims: 768, CodecDims: 128, ShareLayerWeights: true);

    public void Validate()
    {
        if (Layers < 1 || Hidden < 1 || Heads < 1 || Hidden % Heads != 0 || TextDims < 1 || ConditionDims < 0 || CodecDims < 1)
            throw new ArgumentException($"invalid synthetic model spec {this}");
    }
}
