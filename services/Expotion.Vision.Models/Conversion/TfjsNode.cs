using System.Text;
using System.Text.Json;

namespace Expotion.Vision.Models.Conversion;

/// <summary>One node of a TF.js graph model's <c>modelTopology.node</c>, with typed access to its attributes
/// (the JSON form of TensorFlow's <c>AttrValue</c>: strings are base64, integers are decimal strings).</summary>
public sealed record TfjsNode(string Name, string Op, IReadOnlyList<string> Inputs, JsonElement Attributes)
{
    public bool Has(string name) => Attributes.ValueKind == JsonValueKind.Object && Attributes.TryGetProperty(name, out _);

    public string? String(string name) =>
        Get(name) is { } a && a.TryGetProperty("s", out var s) ? Encoding.UTF8.GetString(s.GetBytesFromBase64()) : null;

    public IReadOnlyList<string> Strings(string name) =>
        Get(name) is { } a && a.TryGetProperty("list", out var l) && l.TryGetProperty("s", out var s)
            ? s.EnumerateArray().Select(e => Encoding.UTF8.GetString(e.GetBytesFromBase64())).ToArray()
            : [];

    public long? Int(string name) =>
        Get(name) is { } a && a.TryGetProperty("i", out var i) ? ParseLong(i) : null;

    public IReadOnlyList<long> Ints(string name) =>
        Get(name) is { } a && a.TryGetProperty("list", out var l) && l.TryGetProperty("i", out var i)
            ? i.EnumerateArray().Select(ParseLong).ToArray()
            : [];

    public float? Float(string name) =>
        Get(name) is { } a && a.TryGetProperty("f", out var f) ? (float)f.GetDouble() : null;

    public bool Bool(string name, bool fallback = false) =>
        Get(name) is { } a && a.TryGetProperty("b", out var b) ? b.GetBoolean() : fallback;

    /// <summary>A type attribute (e.g. <c>T</c>, <c>DstT</c>) as TensorFlow names it (<c>DT_FLOAT</c>), or null.</summary>
    public string? Type(string name) =>
        Get(name) is { } a && a.TryGetProperty("type", out var t) ? t.GetString() : null;

    private JsonElement? Get(string name) =>
        Attributes.ValueKind == JsonValueKind.Object && Attributes.TryGetProperty(name, out var a) ? a : null;

    private static long ParseLong(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : e.GetInt64();
}
