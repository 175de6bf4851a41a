using System.Runtime.InteropServices;

namespace Expotion.Vision.Models.Conversion;

/// <summary>
/// The state of one conversion: the ONNX graph being built, the TF constants (emitted as initializers on first use) and the
/// element type of every tensor written so far. The rules of <see cref="TfjsOpTable"/> write through it.
/// </summary>
internal sealed partial class TfjsConversion(TfjsGraphModel model)
{
    private static readonly long[] ToNchw = [0, 3, 1, 2];
    private static readonly long[] ToNhwc = [0, 2, 3, 1];
    private readonly Dictionary<string, TfjsTensor> _constants = model.Nodes.Where(n => n.Op == "Const")
        .ToDictionary(n => n.Name, n => model.Weights.TryGetValue(n.Name, out var w) ? w
            : throw new TfjsConversionException($"{model.Name}: constant {n.Name} has no weight in the manifest"));
    private readonly Dictionary<string, OnnxDataType> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);

    public OnnxGraphBuilder Graph { get; } = new();

    public string ModelName => model.Name;

    /// <summary>The ONNX tensor for a TF input reference; emits a constant's initializer on first use.</summary>
    public string Tensor(string input)
    {
        var name = TfjsGraphModel.TensorName(input);
        if (_constants.TryGetValue(name, out var t) && _emitted.Add(name))
        {
            var dims = t.Shape;
            if (t.Type == OnnxDataType.Float)
                Graph.Initializer(name, OnnxDataType.Float, dims, MemoryMarshal.AsBytes(t.AsFloats().AsSpan()));
            else if (t.Type == OnnxDataType.Bool)
                Graph.Initializer(name, OnnxDataType.Bool, dims, t.AsInts().Select(v => (byte)(v != 0 ? 1 : 0)).ToArray());
            else
                Graph.Initializer(name, OnnxDataType.Int32, dims, MemoryMarshal.AsBytes(t.AsInts().AsSpan()));
            _types[name] = t.Type == OnnxDataType.Bool ? OnnxDataType.Bool : t.Type;
        }
        return name;
    }

    public bool IsConstant(string input) => _constants.ContainsKey(TfjsGraphModel.TensorName(input));

    public OnnxDataType TypeOf(string input) =>
        _types.TryGetValue(TfjsGraphModel.TensorName(input), out var t) ? t
        : _constants.TryGetValue(TfjsGraphModel.TensorName(input), out var c) ? c.Type : OnnxDataType.Float;

    public void Set(string output, OnnxDataType type) => _types[output] = type;

    public long[] ConstInts(TfjsNode node, int index) => ConstTensor(node, index).AsInts().Select(v => (long)v).ToArray();

    public TfjsTensor ConstTensor(TfjsNode node, int index)
    {
        var name = TfjsGraphModel.TensorName(node.Inputs[index]);
        return _constants.TryGetValue(name, out var t) ? t
            : throw new TfjsConversionException($"{node.Op} {node.Name}: input {index} ({name}) must be a constant");
    }

    public string AsInt64(string tensor) =>
        TypeOf(tensor) == OnnxDataType.Int64 ? tensor
            : Graph.Node("Cast", [tensor], null, OnnxAttribute.Of("to", (long)OnnxDataType.Int64));

    /// <summary>Mean, Sum, Max over constant axes.</summary>
    public void Reduce(TfjsOp o, string onnxOp)
    {
        var axes = ConstInts(o.Node, 1);
        var keep = OnnxAttribute.Of("keepdims", o.Node.Bool("keep_dims") ? 1L : 0L);
        if (onnxOp == "ReduceSum") // ReduceSum takes its axes as an input from opset 13
            Graph.Node(onnxOp, [o.X(0), Graph.Int64s("axes", axes)], o.Y, keep);
        else
            Graph.Node(onnxOp, [o.X(0)], o.Y, OnnxAttribute.Of("axes", axes), keep);
    }

    /// <summary>Unpack into <c>num</c> outputs (<c>y</c>, <c>y:1</c>, …), each of the node's type.</summary>
    public void Unpack(TfjsOp o)
    {
        var axis = o.Node.Int("axis") ?? 0;
        var num = (int)(o.Node.Int("num") ?? throw new TfjsConversionException($"Unpack {o.Y} has no num"));
        var axes = Graph.Int64s("axes", axis);
        var names = Enumerable.Range(0, num).Select(k => k == 0 ? o.Y : $"{o.Y}:{k}").ToArray();
        if (num == 1)
        {
            Graph.Node("Squeeze", [o.X(0), axes], o.Y);
        }
        else
        {
            var parts = names.Select(n => Graph.Fresh(n)).ToArray();
            Graph.NodeN("Split", [o.X(0)], parts, OnnxAttribute.Of("axis", axis));
            for (var k = 0; k < num; k++) Graph.Node("Squeeze", [parts[k], axes], names[k]);
        }
        foreach (var n in names) Set(n, o.OutType);
    }
}
