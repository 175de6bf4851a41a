namespace Expotion.Music.MusicGen;

/// <summary>
/// The EXPOTION adaptor contract v1 (see README.md): a decoder graph that also has <c>visual_condition</c> float
/// [2B, 501, D] and <c>condition_offset</c> int64 [1] gets the 50 Hz condition frames of its current window (frame j
/// of the window at row j, rows not yet received and the final pad row zero) and the step of the current window, in
/// both guidance halves.
/// </summary>
public static class AdaptorContract
{
    public const int Version = 1;

    /// <summary>500 frames of a 10 s window plus one pad frame.</summary>
    public const int ConditionFrames = 501;
}
