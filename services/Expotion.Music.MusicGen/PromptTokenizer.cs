using Microsoft.ML.Tokenizers;

namespace Expotion.Music.MusicGen;

/// <summary>
/// T5's SentencePiece tokenizer through Microsoft.ML.Tokenizers, from <c>spiece.model</c> or <c>tokenizer.json</c>:
/// the prompt's ids followed by EOS (as T5 expects), never a BOS, at most <see cref="MaxTokens"/> ids.
/// </summary>
public sealed class PromptTokenizer
{
    public const int MaxTokens = 256;

    private readonly SentencePieceTokenizer _tokenizer;

    private PromptTokenizer(SentencePieceTokenizer tokenizer) => _tokenizer = tokenizer;

    public static PromptTokenizer Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var model = Path.GetFileName(path) == ModelDirectory.TokenizerJson
            ? SentencePieceModelWriter.FromTokenizerJson(bytes)
            : SentencePieceModelWriter.WithBosId(bytes, 0);
        try
        {
            using var stream = new MemoryStream(model, writable: false);
            return new PromptTokenizer(SentencePieceTokenizer.Create(stream, false, false));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw ModelErrors.Signature(Path.GetFileName(path), $"not a SentencePiece unigram model Microsoft.ML.Tokenizers can load ({ex.GetType().Name}: {ex.Message})");
        }
    }

    public int EndOfSentenceId => _tokenizer.EndOfSentenceId;

    /// <summary>The ids of <paramref name="prompt"/> (its first <see cref="Core.Conductor.PromptStyle.MaxChars"/> characters, as the
    /// conductor reads it: far more than <see cref="MaxTokens"/> tokens, so a huge prompt costs no tokenizer time) then EOS.</summary>
    public long[] Encode(string prompt)
    {
        if (prompt.Length > Core.Conductor.PromptStyle.MaxChars)
        {
            var cut = Core.Conductor.PromptStyle.MaxChars;
            if (char.IsHighSurrogate(prompt[cut - 1])) cut--;   // never split a surrogate pair
            prompt = prompt[..cut];
        }
        var ids = _tokenizer.EncodeToIds(prompt, addBeginningOfSentence: false, addEndOfSentence: false);
        var count = Math.Min(ids.Count, MaxTokens - 1);
        var result = new long[count + 1];
        for (var i = 0; i < count; i++) result[i] = ids[i];
        result[count] = EndOfSentenceId;
        return result;
    }
}
