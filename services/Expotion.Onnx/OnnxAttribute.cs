namespace Expotion.Onnx;

/// <summary>One ONNX node attribute (the kinds the converter emits: int, ints, float, string).</summary>
public sealed record OnnxAttribute(string Name, long? Int = null, long[]? Ints = null, float? Float = null, string? Text = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    public static OnnxAttribute Of(string name, params long[] values) => new(name, Ints: values);

    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);

    public static OnnxAttribute Of(string name, string value) => new(name, Text: value);

    // AttributeProto: name 1, f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7).
    public ProtoWriter Write()
    {
        var w = new ProtoWriter();
        w.String(1, Name);
        if (Int is { } i) { w.Varint(3, i); w.Varint(20, 2); }
        else if (Ints is { } list) { w.PackedInt64(8, list); w.Varint(20, 7); }
        else if (Float is { } f) { w.Float(2, f); w.Varint(20, 1); }
        else if (Text is { } s) { w.String(4, s); w.Varint(20, 3); }
        else throw new InvalidOperationException($"attribute {Name} has no value");
        return w;
    }
}
