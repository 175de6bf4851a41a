using System.Text.Json;
using static Expotion.Music.MusicGen.SentencePieceModelWriter;

namespace Expotion.Music.MusicGen.Synthetic;

/// <summary>
/// A small T5-style unigram vocabulary (pad 0, eos 1, unk 2, no bos) written as a Hugging Face <c>tokenizer.json</c> or
/// as a bos-less <c>spiece.model</c>, the two forms a transformers.js MusicGen folder may carry.
/// </summary>
public static class SyntheticTokenizer
{
    private static readonly string[] Words = ["jazz", "piano", "calm", "rock", "drums", "happy", "sad", "fast", "slow", "music", "guitar", "ambient"];

    /// <summary>(piece, score, type) in id order.</summary>
    public static IReadOnlyList<(string Piece, float Score, PieceType Type)> Pieces()
    {
        var pieces = new List<(string, float, PieceType)>
        {
            ("<pad>", 0f, PieceType.Control), ("</s>", 0f, PieceType.Control), ("<unk>", 0f, PieceType.Unknown), ("\u2581", -3f, PieceType.Normal),
        };
        foreach (var w in Words) pieces.Add(("\u2581" + w, -5f, PieceType.Normal));
        for (var c = 'a'; c <= 'z'; c++) pieces.Add((c.ToString(), -10f, PieceType.Normal));
        return pieces;
    }

    public static int Vocabulary => Pieces().Count;

    public static void WriteTokenizerJson(string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartArray("added_tokens");
        foreach (var (id, content) in new[] { (0, "<pad>"), (1, "</s>"), (2, "<unk>") })
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("content", content);
            json.WriteBoolean("special", true);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("model");
        json.WriteString("type", "Unigram");
        json.WriteNumber("unk_id", 2);
        json.WriteStartArray("vocab");
        foreach (var (piece, score, _) in Pieces())
        {
            json.WriteStartArray();
            json.WriteStringValue(piece);
            json.WriteNumberValue(score);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A bos-less model (bos_id −1), as T5's spiece.model is made.</summary>
    public static void WriteSentencePieceModel(string path) =>
        File.WriteAllBytes(path, Unigram(Pieces(), unkId: 2, bosId: -1, eosId: 1, padId: 0));
}
