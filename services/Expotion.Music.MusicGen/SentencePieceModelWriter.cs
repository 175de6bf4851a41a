using System.Text.Json;
using Expotion.Onnx;

namespace Expotion.Music.MusicGen;

/// <summary>
/// Writes a SentencePiece <c>ModelProto</c> (the bytes of an <c>spiece.model</c>) so that Microsoft.ML.Tokenizers can
/// load T5's unigram vocabulary: from the <c>model.vocab</c> of a Hugging Face <c>tokenizer.json</c>, and as a patch
/// that gives a bos-less T5 model a BOS id (ML.Tokenizers 2.0.1 throws on <c>bos_id = -1</c>; the backend never adds
/// BOS). Field numbers are those of sentencepiece_model.proto, written with <see cref="ProtoWriter"/>.
/// </summary>
public static class SentencePieceModelWriter
{
    // ModelProto: pieces 1, trainer_spec 2, normalizer_spec 3. SentencePiece: piece 1, score 2, type 3
    // (NORMAL 1, UNKNOWN 2, CONTROL 3). TrainerSpec: model_type 3 (UNIGRAM 1), vocab_size 4, unk_id 40, bos_id 41,
    // eos_id 42, pad_id 43. NormalizerSpec: name 1, precompiled_charsmap 2, add_dummy_prefix 3,
    // remove_extra_whitespaces 4, escape_whitespaces 5.
    /// <summary>SentencePiece's piece types (sentencepiece_model.proto).</summary>
    public enum PieceType
    {
        Normal = 1,
        Unknown = 2,
        Control = 3,
    }

    /// <summary>
    /// <paramref name="model"/> with a trailing <c>trainer_spec</c> that sets <c>bos_id</c> to <paramref name="bosId"/>:
    /// protobuf merges a repeated singular message field into the first, so every other setting stays as it was.
    /// </summary>
    public static byte[] WithBosId(ReadOnlySpan<byte> model, int bosId)
    {
        var trainer = new ProtoWriter();
        trainer.Varint(41, bosId);
        var patch = new ProtoWriter();
        patch.Message(2, trainer);
        var tail = patch.ToArray();
        var result = new byte[model.Length + tail.Length];
        model.CopyTo(result);
        tail.CopyTo(result.AsSpan(model.Length));
        return result;
    }

    /// <summary>A unigram model from a Hugging Face <c>tokenizer.json</c> (pad, eos and unk marked from its added tokens).</summary>
    public static byte[] FromTokenizerJson(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        if (!root.TryGetProperty("model", out var model) || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("tokenizer.json has no model.vocab array (expected a Unigram model, as T5's)");
        if (model.TryGetProperty("type", out var type) && type.GetString() is { } t && t != "Unigram")
            throw new InvalidDataException($"tokenizer.json holds a {t} model; T5's text encoder uses Unigram");
        var unkId = model.TryGetProperty("unk_id", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt32() : 2;
        var control = new HashSet<int>();
        int padId = -1, eosId = -1;
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in added.EnumerateArray())
            {
                var id = a.GetProperty("id").GetInt32();
                var content = a.GetProperty("content").GetString();
                if (content == "<pad>") padId = id;
                else if (content == "</s>") eosId = id;
                if (id != unkId && a.TryGetProperty("special", out var sp) && sp.GetBoolean()) control.Add(id);
            }
        }

        var pieces = new List<(string Piece, float Score, PieceType Type)>();
        foreach (var entry in vocab.EnumerateArray())
        {
            var id = pieces.Count;
            pieces.Add((entry[0].GetString() ?? "", (float)entry[1].GetDouble(),
                id == unkId ? PieceType.Unknown : control.Contains(id) ? PieceType.Control : PieceType.Normal));
        }
        var charsMap = root.TryGetProperty("normalizer", out var n) && FindCharsMap(n) is { } map ? Convert.FromBase64String(map) : null;
        // bos: an id ML.Tokenizers can look up (the pad), never added.
        return Unigram(pieces, unkId, padId >= 0 ? padId : unkId, eosId, padId, charsMap);
    }

    /// <summary>A unigram <c>ModelProto</c> from its pieces; <paramref name="bosId"/> −1 writes a bos-less model as T5's.</summary>
    public static byte[] Unigram(IReadOnlyList<(string Piece, float Score, PieceType Type)> pieces, int unkId, int bosId, int eosId, int padId, byte[]? precompiledCharsMap = null)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var m = new ProtoWriter();
        foreach (var (text, score, type) in pieces)
        {
            var piece = new ProtoWriter();
            piece.String(1, text);
            piece.Float(2, score);
            piece.Varint(3, (int)type);
            m.Message(1, piece);
        }
        var trainer = new ProtoWriter();
        trainer.Varint(3, 1);
        trainer.Varint(4, pieces.Count);
        trainer.Varint(40, unkId);
        trainer.Varint(41, bosId);
        trainer.Varint(42, eosId);
        trainer.Varint(43, padId);
        m.Message(2, trainer);
        var normalizer = new ProtoWriter();
        normalizer.String(1, precompiledCharsMap is null ? "identity" : "nmt_nfkc");
        if (precompiledCharsMap is not null) normalizer.Bytes(2, precompiledCharsMap);
        normalizer.Varint(3, 1);
        normalizer.Varint(4, 1);
        normalizer.Varint(5, 1);
        m.Message(3, normalizer);
        return m.ToArray();
    }

    private static string? FindCharsMap(JsonElement normalizer)
    {
        if (normalizer.ValueKind != JsonValueKind.Object) return null;
        if (normalizer.TryGetProperty("precompiled_charsmap", out var c) && c.ValueKind == JsonValueKind.String) return c.GetString();
        if (normalizer.TryGetProperty("normalizers", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var inner in list.EnumerateArray())
                if (FindCharsMap(inner) is { } found) return found;
        return null;
    }
}
