namespace Expotion.Music.MusicGen;

/// <summary>
/// The EXPOTION adaptor contracts (see README.md). v1: a decoder graph that also has <c>visual_condition</c> float
/// [2B, 501, D] and <c>condition_offset</c> int64 [1] gets the 50 Hz condition frames of its current window (frame j
/// of the window at row j, rows not yet received and the final pad row zero) and the step of the current window, in
/// both guidance halves. v2: <c>condition_encoder.onnx</c> turns those rows into per-layer prefixes
/// <c>prefix.{i}.{query,key,value}</c> [2B, heads, 501, head] once per change of the rows, and the decoder takes the
/// prefixes and <c>condition_offset</c> (the row of position p is min(p, 499), as the research code clamps it).
/// </summary>
public static class AdaptorContract
{
    /// <summary>The newest contract version the backend reads.</summary>
    public const int Version = 2;

    /// <summary>500 frames of a 10 s window plus one pad frame.</summary>
    public const int ConditionFrames = 501;
}
