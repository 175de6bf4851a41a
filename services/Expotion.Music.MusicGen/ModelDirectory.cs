namespace Expotion.Music.MusicGen;

/// <summary>
/// The files of a MusicGen export in the transformers.js layout, checked before anything is loaded.
/// <see cref="ConditionEncoder"/> (adaptor contract v2) is optional here; the model requires it when its decoder takes
/// prefixes.
/// </summary>
public sealed record ModelDirectory(string Path, string TextEncoder, string Decoder, string Codec, string Tokenizer, string? ConditionEncoder = null)
{
    public const string TextEncoderFile = "text_encoder.onnx";
    public const string DecoderFile = "decoder_model_merged.onnx";
    public const string CodecFile = "encodec_decode.onnx";
    public const string ConditionEncoderFile = "condition_encoder.onnx";
    public const string TokenizerJson = "tokenizer.json";
    public const string SentencePieceModel = "spiece.model";

    public static IReadOnlyList<string> RequiredFiles { get; } = [TextEncoderFile, DecoderFile, CodecFile];

    /// <summary>
    /// The files of <paramref name="path"/>, also looked for under its <c>onnx/</c> folder (where transformers.js keeps the
    /// graphs); throws naming the first file that is missing.
    /// </summary>
    public static ModelDirectory Find(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw ModelErrors.NotConfigured();
        if (!Directory.Exists(path))
            throw new FileNotFoundException($"musicgen model: directory {path} does not exist ({MusicGenOptions.SectionName}:ModelDir)", path);
        string? Optional(string file) =>
            File.Exists(System.IO.Path.Combine(path, file)) ? System.IO.Path.Combine(path, file)
            : File.Exists(System.IO.Path.Combine(path, "onnx", file)) ? System.IO.Path.Combine(path, "onnx", file)
            : null;
        string Locate(string file) => Optional(file) ?? throw ModelErrors.MissingFile(path, file);
        var tokenizer = File.Exists(System.IO.Path.Combine(path, SentencePieceModel)) ? System.IO.Path.Combine(path, SentencePieceModel)
            : File.Exists(System.IO.Path.Combine(path, TokenizerJson)) ? System.IO.Path.Combine(path, TokenizerJson)
            : throw ModelErrors.MissingFile(path, $"{TokenizerJson} (or {SentencePieceModel})");
        return new ModelDirectory(path, Locate(TextEncoderFile), Locate(DecoderFile), Locate(CodecFile), tokenizer, Optional(ConditionEncoderFile));
    }
}
