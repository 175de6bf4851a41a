using System.Collections.Frozen;

namespace Expotion.Vision.Models.Conversion;

/// <summary>
/// The one list of TF ops the converter knows, each with the ONNX nodes it becomes. A rule writes the nodes of one TF node
/// (named <see cref="TfjsOp.Y"/>); its output takes the node's <c>T</c> type unless the rule says it types its outputs itself.
/// </summary>
internal static class TfjsOpTable
{
    private sealed record Rule(Action<TfjsConversion, TfjsOp> Emit, bool TypesItsOutputs = false);

    private static readonly FrozenDictionary<string, Rule> Rules = new Dictionary<string, Rule>(StringComparer.Ordinal)
    {
        ["Const"] = new((_, _) => { }, TypesItsOutputs: true),
        ["Placeholder"] = new((c, o) => c.Set(o.Y, TfjsGraphModel.DataType(o.Node.Type("dtype") ?? "DT_FLOAT")), TypesItsOutputs: true),
        ["Identity"] = new((c, o) =>
        {
            c.Graph.Node("Identity", [o.X(0)], o.Y);
            c.Set(o.Y, c.TypeOf(o.Inputs[0]));
        }, TypesItsOutputs: true),
        ["_FusedConv2D"] = new((c, o) => c.Conv(o, depthwise: false)),
        ["Conv2D"] = new((c, o) => c.Conv(o, depthwise: false)),
        ["DepthwiseConv2dNative"] = new((c, o) => c.Conv(o, depthwise: true)),
        ["FusedDepthwiseConv2dNative"] = new((c, o) => c.Conv(o, depthwise: true)),
        ["MaxPool"] = new((c, o) => c.Pool(o, "MaxPool")),
        ["AvgPool"] = new((c, o) => c.Pool(o, "AveragePool")),
        ["AddV2"] = Binary("Add"),
        ["Add"] = Binary("Add"),
        ["BiasAdd"] = Binary("Add"),
        ["Sub"] = Binary("Sub"),
        ["Mul"] = Binary("Mul"),
        ["RealDiv"] = Binary("Div"),
        ["Div"] = Binary("Div"),
        ["Maximum"] = Binary("Max"),
        ["Minimum"] = Binary("Min"),
        ["SquaredDifference"] = new((c, o) =>
        {
            var d = c.Graph.Node("Sub", [o.X(0), o.X(1)]);
            c.Graph.Node("Mul", [d, d], o.Y);
        }),
        ["FloorDiv"] = new((c, o) =>
        {
            if (o.OutType == OnnxDataType.Float)
            {
                c.Graph.Node("Floor", [c.Graph.Node("Div", [o.X(0), o.X(1)])], o.Y);
                return;
            }
            var mod = c.Graph.Node("Mod", [o.X(0), o.X(1)], null, OnnxAttribute.Of("fmod", 0L));
            c.Graph.Node("Div", [c.Graph.Node("Sub", [o.X(0), mod]), o.X(1)], o.Y);
        }),
        ["Relu"] = Same(),
        ["Sigmoid"] = Same(),
        ["Tanh"] = Same(),
        ["Sqrt"] = Same(),
        ["Exp"] = Same(),
        ["Neg"] = Same(),
        ["Abs"] = Same(),
        ["Elu"] = Same(),
        ["Relu6"] = new((c, o) => c.Activation("Relu6", o.X(0), o.Y, null, o.Node)),
        ["Rsqrt"] = new((c, o) => c.Graph.Node("Reciprocal", [c.Graph.Node("Sqrt", [o.X(0)])], o.Y)),
        ["Square"] = new((c, o) => c.Graph.Node("Mul", [o.X(0), o.X(0)], o.Y)),
        ["Softmax"] = new((c, o) => c.Graph.Node("Softmax", [o.X(0)], o.Y, OnnxAttribute.Of("axis", -1L))),
        ["Pad"] = new((c, o) =>
        {
            var p = c.ConstInts(o.Node, 1);
            var rank = p.Length / 2;
            var pads = new long[2 * rank];
            for (var i = 0; i < rank; i++) { pads[i] = p[2 * i]; pads[rank + i] = p[2 * i + 1]; }
            c.Graph.Node("Pad", [o.X(0), c.Graph.Int64s("pads", pads)], o.Y, OnnxAttribute.Of("mode", "constant"));
        }),
        ["Reshape"] = new((c, o) =>
        {
            var shape = c.IsConstant(o.Inputs[1]) ? c.Graph.Int64s("shape", c.ConstInts(o.Node, 1)) : c.AsInt64(o.X(1));
            c.Graph.Node("Reshape", [o.X(0), shape], o.Y);
        }),
        ["Mean"] = new((c, o) => c.Reduce(o, "ReduceMean")),
        ["Sum"] = new((c, o) => c.Reduce(o, "ReduceSum")),
        ["Max"] = new((c, o) => c.Reduce(o, "ReduceMax")),
        ["Cast"] = new((c, o) =>
        {
            var to = TfjsGraphModel.DataType(o.Node.Type("DstT") ?? throw new TfjsConversionException($"Cast {o.Y} has no DstT"));
            c.Graph.Node("Cast", [o.X(0)], o.Y, OnnxAttribute.Of("to", (long)to));
            c.Set(o.Y, to);
        }, TypesItsOutputs: true),
        ["Unpack"] = new((c, o) => c.Unpack(o), TypesItsOutputs: true),
        ["Pack"] = new((c, o) =>
        {
            var axis = o.Node.Int("axis") ?? 0;
            var axes = c.Graph.Int64s("axes", axis);
            var parts = o.Inputs.Select(i => c.Graph.Node("Unsqueeze", [c.Tensor(i), axes])).ToArray();
            c.Graph.Node("Concat", parts, o.Y, OnnxAttribute.Of("axis", axis));
        }),
        ["ExpandDims"] = new((c, o) => c.Graph.Node("Unsqueeze", [o.X(0), c.Graph.Int64s("axes", c.ConstInts(o.Node, 1))], o.Y)),
        ["Squeeze"] = new((c, o) =>
        {
            var dims = o.Node.Ints("squeeze_dims");
            if (dims.Count == 0) c.Graph.Node("Squeeze", [o.X(0)], o.Y);
            else c.Graph.Node("Squeeze", [o.X(0), c.Graph.Int64s("axes", [.. dims])], o.Y);
        }),
        ["ResizeBilinear"] = new((c, o) => c.ResizeBilinear(o)),
        ["ArgMax"] = new((c, o) =>
        {
            var axis = c.ConstInts(o.Node, 1)[0];
            var a = c.Graph.Node("ArgMax", [o.X(0)], null, OnnxAttribute.Of("axis", axis), OnnxAttribute.Of("keepdims", 0L));
            var to = TfjsGraphModel.DataType(o.Node.Type("output_type") ?? "DT_INT64");
            if (to == OnnxDataType.Int64) c.Graph.Node("Identity", [a], o.Y);
            else c.Graph.Node("Cast", [a], o.Y, OnnxAttribute.Of("to", (long)to));
            c.Set(o.Y, to);
        }, TypesItsOutputs: true),
        ["GatherNd"] = new((c, o) =>
        {
            c.Graph.Node("GatherND", [o.X(0), c.AsInt64(o.X(1))], o.Y, OnnxAttribute.Of("batch_dims", 0L));
            c.Set(o.Y, o.Node.Type("Tparams") is { } tp ? TfjsGraphModel.DataType(tp) : OnnxDataType.Float);
        }, TypesItsOutputs: true),
        ["ConcatV2"] = new((c, o) =>
        {
            var n = (int)(o.Node.Int("N") ?? o.Inputs.Count - 1);
            var axis = c.ConstInts(o.Node, n)[0];
            c.Graph.Node("Concat", o.Inputs.Take(n).Select(c.Tensor).ToArray(), o.Y, OnnxAttribute.Of("axis", axis));
        }),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IReadOnlySet<string> Ops { get; } = Rules.Keys.ToFrozenSet(StringComparer.Ordinal);

    public static void Convert(TfjsConversion c, TfjsNode node)
    {
        if (!Rules.TryGetValue(node.Op, out var rule))
            throw new TfjsConversionException($"{c.ModelName}: unsupported TF op {node.Op} ({node.Name})");
        var op = new TfjsOp(c, node);
        rule.Emit(c, op);
        if (!rule.TypesItsOutputs) c.Set(op.Y, op.OutType);
    }

    /// <summary>An elementwise op of two inputs.</summary>
    private static Rule Binary(string onnxOp) => new((c, o) => c.Graph.Node(onnxOp, [o.X(0), o.X(1)], o.Y));

    /// <summary>A one-input op ONNX names as TF does.</summary>
    private static Rule Same() => new((c, o) => c.Graph.Node(o.Node.Op, [o.X(0)], o.Y));
}
