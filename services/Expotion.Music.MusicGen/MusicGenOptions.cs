using Expotion.Core;
namespace Expotion.Music.MusicGen;

/// <summary>Configuration of the <c>musicgen</c> backend (section <c>Music:MusicGen</c>, env <c>Music__MusicGen__ModelDir</c>).</summary>
public sealed class MusicGenOptions
{
    public const string SectionName = "Music:MusicGen";

    /// <summary>
    /// The exported model: <c>text_encoder.onnx</c>, <c>decoder_model_merged.onnx</c>, <c>encodec_decode.onnx</c> and
    /// <c>tokenizer.json</c> or <c>spiece.model</c> (transformers.js layout). Unset: the backend refuses streams.
    /// </summary>
    public string? ModelDir { get; set; }

    /// <summary>Audio is decoded and sent every this many finished frames (50 = 1 s).</summary>
    public int StreamFrames { get; set; } = 50;

    /// <summary>Frames of earlier codes decoded again before each chunk, so that the codec has context where chunks meet.</summary>
    public int ContextFrames { get; set; } = 4;

    /// <summary>Length of the crossfade where two decoded chunks meet, in milliseconds (at most the context).</summary>
    public int CrossfadeMs { get; set; } = 10;

    /// <summary>Most frames the decoder sees at once (EXPOTION's window: 500 frames = 10 s, the adaptor's 501 condition frames less the pad).</summary>
    public int WindowFrames { get; set; } = 500;

    /// <summary>
    /// New frames generated per window after the first (audiocraft's <c>extend_stride</c>): when a window is full, its
    /// last <c>WindowFrames − ExtendStrideFrames</c> frames become the prompt of the next one.
    /// </summary>
    public int ExtendStrideFrames { get; set; } = 250;

    /// <summary>
    /// Condition frames the adaptor must have received beyond the frame being generated before a step runs. 0 (the
    /// default) is causal, for live use: rows of the window not received yet are zero. EXPOTION saw whole 10 s clips; a
    /// look-ahead of <see cref="WindowFrames"/> reproduces that offline, at a window's latency.
    /// </summary>
    public int ConditionLookaheadFrames { get; set; }

    /// <summary>Keep keys and values between steps (the merged decoder's <c>use_cache_branch</c>); off = rerun the whole window each step.</summary>
    public bool UseKvCache { get; set; } = true;

    /// <summary>Try ONNX Runtime's CUDA execution provider first.</summary>
    public bool TryCuda { get; set; } = true;

    /// <summary>Threads per ONNX Runtime session (0 = ONNX Runtime's default).</summary>
    public int IntraOpThreads { get; set; }

    public void Validate()
    {
        if (StreamFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(StreamFrames), StreamFrames, "at least one frame per chunk");
        if (ContextFrames < 0)
            throw new ArgumentOutOfRangeException(nameof(ContextFrames), ContextFrames, "not negative");
        if (CrossfadeMs < 0 || CrossfadeMs * TimeGrid.RateHz > ContextFrames * 1000)
            throw new ArgumentOutOfRangeException(nameof(CrossfadeMs), CrossfadeMs, $"0..{ContextFrames * 1000 / TimeGrid.RateHz} ms (the context frames)");
        if (ConditionLookaheadFrames < 0)
            throw new ArgumentOutOfRangeException(nameof(ConditionLookaheadFrames), ConditionLookaheadFrames, "not negative");
        if (WindowFrames < 2)
            throw new ArgumentOutOfRangeException(nameof(WindowFrames), WindowFrames, "at least 2 frames");
        if (ExtendStrideFrames < 1 || ExtendStrideFrames > WindowFrames)
            throw new ArgumentOutOfRangeException(nameof(ExtendStrideFrames), ExtendStrideFrames, $"1..{WindowFrames}");
    }
}
