using Expotion.Music.MusicGen.Synthetic;

namespace Expotion.Music.MusicGen.Tests;

public sealed class TokenizerTests(TinyModels models) : IClassFixture<TinyModels>
{
    private static int Id(string piece) => SyntheticTokenizer.Pieces().Select((p, i) => (p.Piece, i)).First(p => p.Piece == piece).i;

    [Fact]
    public void Encode_TokenizerJson_WordsThenEos_NoBos()
    {
        var tokenizer = PromptTokenizer.Load(Path.Combine(models.Plain, ModelDirectory.TokenizerJson));
        var ids = tokenizer.Encode("jazz piano");
        Assert.Equal([Id("\u2581jazz"), Id("\u2581piano"), 1L], ids);
    }

    [Fact]
    public void Encode_BoslessSpieceModel_LoadsAndMatchesTheJson()
    {
        var spiece = PromptTokenizer.Load(Path.Combine(models.Spiece, ModelDirectory.SentencePieceModel));
        var json = PromptTokenizer.Load(Path.Combine(models.Plain, ModelDirectory.TokenizerJson));
        foreach (var prompt in new[] { "calm jazz piano", "happy rock with drums", "" })
            Assert.Equal(json.Encode(prompt), spiece.Encode(prompt));
        Assert.Equal(1L, spiece.Encode("")[^1]);
    }

    [Fact]
    public void Encode_UnknownLetters_SpelledOut()
    {
        var tokenizer = PromptTokenizer.Load(Path.Combine(models.Plain, ModelDirectory.TokenizerJson));
        var ids = tokenizer.Encode("zq");
        Assert.Equal([Id("\u2581"), Id("z"), Id("q"), 1L], ids);
    }

    [Fact]
    public void Encode_HugePrompt_SameTokensAsItsFirstCharacters()
    {
        var tokenizer = PromptTokenizer.Load(Path.Combine(models.Plain, ModelDirectory.TokenizerJson));
        var huge = string.Concat(Enumerable.Repeat("jazz piano ", 1_000_000));   // 11 million characters

        var ids = tokenizer.Encode(huge);

        Assert.Equal(PromptTokenizer.MaxTokens, ids.Length);
        Assert.Equal(tokenizer.Encode(huge[..Core.Conductor.PromptStyle.MaxChars]), ids);
        Assert.Equal(1L, ids[^1]);
    }
}
