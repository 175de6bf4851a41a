namespace Expotion.Music.MusicGen.Synthetic;

/// <summary>
/// Writes a MusicGen model directory with random weights and the real signatures (text encoder, merged decoder,
/// EnCodec decoder, tokenizer), for the tests and for <c>expotion bench --musicgen</c>. Nothing here is a trained model.
/// </summary>
public static class SyntheticModel
{
    /// <summary>Writes the four files into <paramref name="directory"/> (created if needed); returns it.</summary>
    /// <param name="tokenizer">"json" for tokenizer.json, "spiece" for a bos-less spiece.model.</param>
    public static string Write(string directory, SyntheticModelSpec spec, string tokenizer = "json")
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, ModelDirectory.TextEncoderFile), TextEncoderGraph.Build(spec, SyntheticTokenizer.Vocabulary));
        File.WriteAllBytes(Path.Combine(directory, ModelDirectory.DecoderFile), DecoderGraph.Build(spec));
        File.WriteAllBytes(Path.Combine(directory, ModelDirectory.CodecFile), CodecGraph.Build(spec));
        if (tokenizer == "spiece")
            SyntheticTokenizer.WriteSentencePieceModel(Path.Combine(directory, ModelDirectory.SentencePieceModel));
        else
            SyntheticTokenizer.WriteTokenizerJson(Path.Combine(directory, ModelDirectory.TokenizerJson));
        return directory;
    }
}
