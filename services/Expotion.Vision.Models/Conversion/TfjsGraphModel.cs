using System.Buffers.Binary;
using System.Text.Json;

namespace Expotion.Vision.Models.Conversion;

/// <summary>
/// A TF.js graph model as published (<c>model.json</c>: topology, signature and weights manifest, plus the
/// <c>.bin</c> shards it names). Weights are read group by group, each group's shards concatenated, each
/// weight taking its bytes in manifest order; <c>quantization</c> (float16, or uint8/uint16 with
/// scale and min) is expanded to float32.
/// </summary>
public sealed class TfjsGraphModel
{
    private TfjsGraphModel(string name, IReadOnlyList<TfjsNode> nodes, IReadOnlyList<TfjsSignatureEntry> inputs,
        IReadOnlyList<TfjsSignatureEntry> outputs, IReadOnlyDictionary<string, TfjsTensor> weights)
    {
        Name = name;
        Nodes = nodes;
        Inputs = inputs;
        Outputs = outputs;
        Weights = weights;
    }

    public string Name { get; }
    public IReadOnlyList<TfjsNode> Nodes { get; }
    public IReadOnlyList<TfjsSignatureEntry> Inputs { get; }
    public IReadOnlyList<TfjsSignatureEntry> Outputs { get; }
    public IReadOnlyDictionary<string, TfjsTensor> Weights { get; }

    /// <summary>The files a model consists of (model.json first, then its shards), for hashing.</summary>
    public static IReadOnlyList<string> Files(string modelJsonPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(modelJsonPath));
        var dir = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;
        var files = new List<string> { modelJsonPath };
        foreach (var group in doc.RootElement.GetProperty("weightsManifest").EnumerateArray())
            files.AddRange(group.GetProperty("paths").EnumerateArray().Select(p => Path.Combine(dir, p.GetString()!)));
        return files;
    }

    public static TfjsGraphModel Load(string modelJsonPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(modelJsonPath));
        var root = doc.RootElement.Clone();
        var dir = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;
        if (!root.TryGetProperty("format", out var format) || format.GetString() != "graph-model")
            throw new TfjsConversionException($"{modelJsonPath} is not a TF.js graph model (format {format})");

        var nodes = new List<TfjsNode>();
        foreach (var n in root.GetProperty("modelTopology").GetProperty("node").EnumerateArray())
        {
            var inputs = n.TryGetProperty("input", out var i) ? i.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
            var attr = n.TryGetProperty("attr", out var a) ? a : default;
            nodes.Add(new TfjsNode(n.GetProperty("name").GetString()!, n.GetProperty("op").GetString()!, inputs, attr));
        }

        // The signature sits at the top level or in userDefinedMetadata.
        JsonElement signature = default;
        if (root.TryGetProperty("signature", out var s1)) signature = s1;
        else if (root.TryGetProperty("userDefinedMetadata", out var meta) && meta.TryGetProperty("signature", out var s2)) signature = s2;
        var inputsSig = Signature(signature, "inputs");
        var outputsSig = Signature(signature, "outputs");
        if (inputsSig.Count == 0)
        {
            inputsSig = nodes.Where(n => n.Op == "Placeholder")
                .Select(n => new TfjsSignatureEntry(n.Name, n.Name, DataType(n.Type("dtype") ?? "DT_FLOAT"), null)).ToList();
        }
        if (outputsSig.Count == 0)
        {
            var consumed = nodes.SelectMany(n => n.Inputs).Select(TensorName).Select(t => t.Split(':')[0]).ToHashSet();
            outputsSig = nodes.Where(n => n.Op is not ("Const" or "Placeholder") && !consumed.Contains(n.Name))
                .Select(n => new TfjsSignatureEntry(n.Name, n.Name, DataType(n.Type("T") ?? "DT_FLOAT"), null)).ToList();
        }

        var weights = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
        foreach (var group in root.GetProperty("weightsManifest").EnumerateArray())
        {
            var bytes = group.GetProperty("paths").EnumerateArray()
                .SelectMany(p => File.ReadAllBytes(Path.Combine(dir, p.GetString()!))).ToArray();
            var offset = 0;
            foreach (var w in group.GetProperty("weights").EnumerateArray())
            {
                var t = ReadWeight(w, bytes, ref offset);
                weights[t.Name] = t;
            }
            if (offset != bytes.Length)
                throw new TfjsConversionException($"weights manifest of {modelJsonPath} covers {offset} of {bytes.Length} bytes");
        }

        return new TfjsGraphModel(Path.GetFileNameWithoutExtension(modelJsonPath), nodes, inputsSig, outputsSig, weights);
    }

    /// <summary>A node input as a tensor name: <c>node:0</c> becomes <c>node</c>; control inputs keep their <c>^</c>.</summary>
    public static string TensorName(string input) => input.EndsWith(":0", StringComparison.Ordinal) ? input[..^2] : input;

    public static OnnxDataType DataType(string tfType) => tfType switch
    {
        "DT_FLOAT" or "float32" => OnnxDataType.Float,
        "DT_INT32" or "int32" => OnnxDataType.Int32,
        "DT_INT64" or "int64" => OnnxDataType.Int64,
        "DT_BOOL" or "bool" => OnnxDataType.Bool,
        "DT_UINT8" or "uint8" => OnnxDataType.UInt8,
        _ => throw new TfjsConversionException($"unsupported tensor type {tfType}"),
    };

    private static List<TfjsSignatureEntry> Signature(JsonElement signature, string kind)
    {
        var list = new List<TfjsSignatureEntry>();
        if (signature.ValueKind != JsonValueKind.Object || !signature.TryGetProperty(kind, out var entries))
            return list;
        foreach (var e in entries.EnumerateObject())
        {
            var name = e.Value.TryGetProperty("name", out var n) ? n.GetString()! : e.Name;
            long[]? shape = null;
            if (e.Value.TryGetProperty("tensorShape", out var ts) && ts.TryGetProperty("dim", out var dims))
                shape = dims.EnumerateArray().Select(d => d.TryGetProperty("size", out var sz) ? long.Parse(sz.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : -1).ToArray();
            var type = e.Value.TryGetProperty("dtype", out var dt) ? DataType(dt.GetString()!) : OnnxDataType.Float;
            list.Add(new TfjsSignatureEntry(e.Name, TensorName(name), type, shape));
        }
        // Outputs are mapped by name, never by position: keep a stable order (Identity, Identity_1, ...).
        return list.OrderBy(x => x.Tensor.Length).ThenBy(x => x.Tensor, StringComparer.Ordinal).ToList();
    }

    private static TfjsTensor ReadWeight(JsonElement w, byte[] bytes, ref int offset)
    {
        var name = w.GetProperty("name").GetString()!;
        var shape = w.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var dtype = w.GetProperty("dtype").GetString()!;
        var type = DataType(dtype);
        if (w.TryGetProperty("quantization", out var q))
        {
            var qtype = q.GetProperty("dtype").GetString();
            var values = new float[count];
            var src = bytes.AsSpan(offset);
            switch (qtype)
            {
                case "float16":
                    for (var i = 0; i < count; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]);
                    offset += 2 * count;
                    break;
                case "uint8":
                case "uint16":
                    var scale = q.GetProperty("scale").GetSingle();
                    var min = q.GetProperty("min").GetSingle();
                    var wide = qtype == "uint16";
                    for (var i = 0; i < count; i++)
                        values[i] = (wide ? BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]) : src[i]) * scale + min;
                    offset += (wide ? 2 : 1) * count;
                    break;
                default:
                    throw new TfjsConversionException($"weight {name}: unsupported quantization {qtype}");
            }
            if (type == OnnxDataType.Int32)
                return new TfjsTensor(name, type, shape, null, values.Select(v => (int)MathF.Round(v)).ToArray());
            return new TfjsTensor(name, OnnxDataType.Float, shape, values, null);
        }
        var span = bytes.AsSpan(offset);
        switch (type)
        {
            case OnnxDataType.Float:
            {
                var values = new float[count];
                for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]);
                offset += 4 * count;
                return new TfjsTensor(name, type, shape, values, null);
            }
            case OnnxDataType.Int32:
            {
                var values = new int[count];
                for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]);
                offset += 4 * count;
                return new TfjsTensor(name, type, shape, null, values);
            }
            case OnnxDataType.Bool:
            {
                var values = new int[count];
                for (var i = 0; i < count; i++) values[i] = span[i];
                offset += count;
                return new TfjsTensor(name, type, shape, null, values);
            }
            default:
                throw new TfjsConversionException($"weight {name}: unsupported dtype {dtype}");
        }
    }
}
