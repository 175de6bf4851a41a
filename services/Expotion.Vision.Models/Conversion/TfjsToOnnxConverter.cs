using System.Runtime.InteropServices;

namespace Expotion.Vision.Models.Conversion;

/// <summary>
/// Converts a <see cref="TfjsGraphModel"/> to an ONNX model (opset 17, so that onnx 1.12's checker accepts it).
/// </summary>
/// <remarks>
/// Layout: the graph keeps TensorFlow's NHWC semantics everywhere; only the ops that ONNX defines on NCHW
/// (Conv, depthwise Conv, MaxPool/AvgPool, Resize) are wrapped in Transpose pairs, so Pad, Reshape, Mean axes,
/// Concat, GatherNd and ArgMax keep their TensorFlow axes unchanged. ONNX Runtime's transpose optimiser
/// cancels the adjacent pairs. Details that matter for exactness:
/// <list type="bullet">
/// <item>TF <c>SAME</c> padding puts the odd pixel after (stride 2, kernel 5 on 256: 1 before, 2 after),
/// which is ONNX <c>auto_pad=SAME_UPPER</c>; <c>EXPLICIT</c> uses <c>explicit_paddings</c>.</item>
/// <item>Fused ops are BiasAdd (into Conv's B) then one activation (Relu, Relu6 → Clip 0..6, Elu, Sigmoid,
/// LeakyRelu, Prelu).</item>
/// <item>Depthwise filters [kh,kw,C,M] become grouped Conv weights [C·M,1,kh,kw] (output channel c·M+m).</item>
/// <item>ONNX wants int64 for shapes, axes, pads and GatherND indices, and ArgMax yields int64: int32 tensors
/// are cast, int32 constants are rewritten.</item>
/// <item>ResizeBilinear: half_pixel_centers → <c>half_pixel</c>, align_corners → <c>align_corners</c>,
/// otherwise <c>asymmetric</c>.</item>
/// <item>FloorDiv on integers is computed as (a − Mod(a, b)) / b (Mod with the divisor's sign), on floats as
/// Floor(a / b).</item>
/// </list>
/// </remarks>
public static class TfjsToOnnxConverter
{
    /// <summary>Bumped whenever the emitted graph changes, so cached conversions are redone.</summary>
    public const string Version = "1";

    public const int Opset = 17;

    public static IReadOnlySet<string> SupportedOps { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Const", "Placeholder", "Identity", "_FusedConv2D", "Conv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative",
        "MaxPool", "AvgPool", "AddV2", "Add", "Sub", "Mul", "RealDiv", "Div", "FloorDiv", "Maximum", "Minimum", "BiasAdd",
        "SquaredDifference", "Relu", "Relu6", "Elu", "Sigmoid", "Tanh", "Sqrt", "Rsqrt", "Exp", "Neg", "Abs", "Square",
        "Softmax", "Pad", "Reshape", "Mean", "Sum", "Max", "Cast", "Unpack", "Pack", "ExpandDims", "Squeeze",
        "ResizeBilinear", "ArgMax", "GatherNd", "ConcatV2",
    };

    public static byte[] Convert(TfjsGraphModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var unsupported = model.Nodes.Select(n => n.Op).Where(op => !SupportedOps.Contains(op)).Distinct().ToList();
        if (unsupported.Count > 0)
            throw new TfjsConversionException($"{model.Name}: unsupported TF ops {string.Join(", ", unsupported)}");
        var c = new Context(model);
        foreach (var node in model.Nodes)
            c.Convert(node);
        foreach (var input in model.Inputs)
            c.Graph.Input(input.Tensor, input.Type, input.Shape);
        foreach (var output in model.Outputs)
        {
            // Graph outputs must be produced by a node; an output that is an input or a constant is copied.
            var name = c.Tensor(output.Tensor);
            if (name != output.Tensor)
                c.Graph.Node("Identity", [name], output.Tensor);
            c.Graph.Output(output.Tensor, output.Type, output.Shape);
        }
        return c.Graph.ToModel(model.Name, Opset, "expotion-tfjs-to-onnx", Version,
            $"converted from the TF.js graph model {model.Name} by Expotion.Vision.Models");
    }

    private sealed class Context(TfjsGraphModel model)
    {
        private static readonly long[] ToNchw = [0, 3, 1, 2];
        private static readonly long[] ToNhwc = [0, 2, 3, 1];
        private readonly Dictionary<string, TfjsTensor> _constants = model.Nodes.Where(n => n.Op == "Const")
            .ToDictionary(n => n.Name, n => model.Weights.TryGetValue(n.Name, out var w) ? w
                : throw new TfjsConversionException($"{model.Name}: constant {n.Name} has no weight in the manifest"));
        private readonly Dictionary<string, OnnxDataType> _types = new(StringComparer.Ordinal);
        private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);

        public OnnxGraphBuilder Graph { get; } = new();

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

        private OnnxDataType TypeOf(string input) =>
            _types.TryGetValue(TfjsGraphModel.TensorName(input), out var t) ? t
            : _constants.TryGetValue(TfjsGraphModel.TensorName(input), out var c) ? c.Type : OnnxDataType.Float;

        private long[] ConstInts(TfjsNode node, int index)
        {
            var name = TfjsGraphModel.TensorName(node.Inputs[index]);
            return _constants.TryGetValue(name, out var t)
                ? t.AsInts().Select(v => (long)v).ToArray()
                : throw new TfjsConversionException($"{node.Op} {node.Name}: input {index} ({name}) must be a constant");
        }

        private TfjsTensor ConstTensor(TfjsNode node, int index)
        {
            var name = TfjsGraphModel.TensorName(node.Inputs[index]);
            return _constants.TryGetValue(name, out var t) ? t
                : throw new TfjsConversionException($"{node.Op} {node.Name}: input {index} ({name}) must be a constant");
        }

        private string AsInt64(string tensor) =>
            TypeOf(tensor) == OnnxDataType.Int64 ? tensor
                : Graph.Node("Cast", [tensor], null, OnnxAttribute.Of("to", (long)OnnxDataType.Int64));

        private void Set(string output, OnnxDataType type) => _types[output] = type;

        public void Convert(TfjsNode node)
        {
            var inputs = node.Inputs.Where(i => !i.StartsWith('^')).ToList();
            var outType = node.Type("T") is { } tt ? TfjsGraphModel.DataType(tt) : OnnxDataType.Float;
            string X(int i) => Tensor(inputs[i]);
            var y = node.Name;
            switch (node.Op)
            {
                case "Const":
                case "Placeholder":
                    if (node.Op == "Placeholder") Set(y, TfjsGraphModel.DataType(node.Type("dtype") ?? "DT_FLOAT"));
                    return;
                case "Identity":
                    Graph.Node("Identity", [X(0)], y);
                    Set(y, TypeOf(inputs[0]));
                    return;
                case "_FusedConv2D":
                case "Conv2D":
                    Conv(node, inputs, depthwise: false);
                    break;
                case "DepthwiseConv2dNative":
                case "FusedDepthwiseConv2dNative":
                    Conv(node, inputs, depthwise: true);
                    break;
                case "MaxPool":
                case "AvgPool":
                {
                    CheckNhwc(node);
                    var k = node.Ints("ksize");
                    var s = node.Ints("strides");
                    var t = Graph.Node("Transpose", [X(0)], null, OnnxAttribute.Of("perm", ToNchw));
                    var p = Graph.Node(node.Op == "MaxPool" ? "MaxPool" : "AveragePool", [t], null,
                        OnnxAttribute.Of("kernel_shape", k[1], k[2]), OnnxAttribute.Of("strides", s[1], s[2]),
                        OnnxAttribute.Of("auto_pad", AutoPad(node)));
                    Graph.Node("Transpose", [p], y, OnnxAttribute.Of("perm", ToNhwc));
                    break;
                }
                case "AddV2": case "Add": case "BiasAdd": Binary("Add"); break;
                case "Sub": Binary("Sub"); break;
                case "Mul": Binary("Mul"); break;
                case "RealDiv": case "Div": Binary("Div"); break;
                case "Maximum": Binary("Max"); break;
                case "Minimum": Binary("Min"); break;
                case "SquaredDifference":
                {
                    var d = Graph.Node("Sub", [X(0), X(1)]);
                    Graph.Node("Mul", [d, d], y);
                    break;
                }
                case "FloorDiv":
                    if (outType == OnnxDataType.Float)
                    {
                        Graph.Node("Floor", [Graph.Node("Div", [X(0), X(1)])], y);
                    }
                    else
                    {
                        var mod = Graph.Node("Mod", [X(0), X(1)], null, OnnxAttribute.Of("fmod", 0L));
                        Graph.Node("Div", [Graph.Node("Sub", [X(0), mod]), X(1)], y);
                    }
                    break;
                case "Relu": case "Sigmoid": case "Tanh": case "Sqrt": case "Exp": case "Neg": case "Abs": case "Elu":
                    Graph.Node(node.Op, [X(0)], y);
                    break;
                case "Relu6":
                    Activation("Relu6", X(0), y, null, node);
                    break;
                case "Rsqrt":
                    Graph.Node("Reciprocal", [Graph.Node("Sqrt", [X(0)])], y);
                    break;
                case "Square":
                    Graph.Node("Mul", [X(0), X(0)], y);
                    break;
                case "Softmax":
                    Graph.Node("Softmax", [X(0)], y, OnnxAttribute.Of("axis", -1L));
                    break;
                case "Pad":
                {
                    var p = ConstInts(node, 1);
                    var rank = p.Length / 2;
                    var pads = new long[2 * rank];
                    for (var i = 0; i < rank; i++) { pads[i] = p[2 * i]; pads[rank + i] = p[2 * i + 1]; }
                    Graph.Node("Pad", [X(0), Graph.Int64s("pads", pads)], y, OnnxAttribute.Of("mode", "constant"));
                    break;
                }
                case "Reshape":
                {
                    var shape = _constants.ContainsKey(TfjsGraphModel.TensorName(inputs[1]))
                        ? Graph.Int64s("shape", ConstInts(node, 1)) : AsInt64(X(1));
                    Graph.Node("Reshape", [X(0), shape], y);
                    break;
                }
                case "Mean":
                case "Sum":
                case "Max":
                {
                    var op = node.Op switch { "Mean" => "ReduceMean", "Sum" => "ReduceSum", _ => "ReduceMax" };
                    var axes = ConstInts(node, 1);
                    var keep = OnnxAttribute.Of("keepdims", node.Bool("keep_dims") ? 1L : 0L);
                    if (op == "ReduceSum") // ReduceSum takes its axes as an input from opset 13
                        Graph.Node(op, [X(0), Graph.Int64s("axes", axes)], y, keep);
                    else
                        Graph.Node(op, [X(0)], y, OnnxAttribute.Of("axes", axes), keep);
                    break;
                }
                case "Cast":
                {
                    var to = TfjsGraphModel.DataType(node.Type("DstT") ?? throw new TfjsConversionException($"Cast {y} has no DstT"));
                    Graph.Node("Cast", [X(0)], y, OnnxAttribute.Of("to", (long)to));
                    Set(y, to);
                    return;
                }
                case "Unpack":
                {
                    var axis = node.Int("axis") ?? 0;
                    var num = (int)(node.Int("num") ?? throw new TfjsConversionException($"Unpack {y} has no num"));
                    var axes = Graph.Int64s("axes", axis);
                    var names = Enumerable.Range(0, num).Select(k => k == 0 ? y : $"{y}:{k}").ToArray();
                    if (num == 1)
                    {
                        Graph.Node("Squeeze", [X(0), axes], y);
                    }
                    else
                    {
                        var parts = names.Select(n => Graph.Fresh(n)).ToArray();
                        Graph.NodeN("Split", [X(0)], parts, OnnxAttribute.Of("axis", axis));
                        for (var k = 0; k < num; k++) Graph.Node("Squeeze", [parts[k], axes], names[k]);
                    }
                    foreach (var n in names) Set(n, outType);
                    return;
                }
                case "Pack":
                {
                    var axis = node.Int("axis") ?? 0;
                    var axes = Graph.Int64s("axes", axis);
                    var parts = inputs.Select(i => Graph.Node("Unsqueeze", [Tensor(i), axes])).ToArray();
                    Graph.Node("Concat", parts, y, OnnxAttribute.Of("axis", axis));
                    break;
                }
                case "ExpandDims":
                    Graph.Node("Unsqueeze", [X(0), Graph.Int64s("axes", ConstInts(node, 1))], y);
                    break;
                case "Squeeze":
                {
                    var dims = node.Ints("squeeze_dims");
                    if (dims.Count == 0) Graph.Node("Squeeze", [X(0)], y);
                    else Graph.Node("Squeeze", [X(0), Graph.Int64s("axes", [.. dims])], y);
                    break;
                }
                case "ResizeBilinear":
                {
                    var size = ConstInts(node, 1);
                    var mode = node.Bool("half_pixel_centers") ? "half_pixel" : node.Bool("align_corners") ? "align_corners" : "asymmetric";
                    var t = Graph.Node("Transpose", [X(0)], null, OnnxAttribute.Of("perm", ToNchw));
                    var nc = Graph.Node("Slice", [Graph.Node("Shape", [t]), Graph.Int64s("starts", 0), Graph.Int64s("ends", 2)]);
                    var sizes = Graph.Node("Concat", [nc, Graph.Int64s("hw", size[0], size[1])], null, OnnxAttribute.Of("axis", 0L));
                    var r = Graph.Node("Resize", [t, "", "", sizes], null, OnnxAttribute.Of("mode", "linear"),
                        OnnxAttribute.Of("coordinate_transformation_mode", mode));
                    Graph.Node("Transpose", [r], y, OnnxAttribute.Of("perm", ToNhwc));
                    break;
                }
                case "ArgMax":
                {
                    var axis = ConstInts(node, 1)[0];
                    var a = Graph.Node("ArgMax", [X(0)], null, OnnxAttribute.Of("axis", axis), OnnxAttribute.Of("keepdims", 0L));
                    var to = TfjsGraphModel.DataType(node.Type("output_type") ?? "DT_INT64");
                    if (to == OnnxDataType.Int64) Graph.Node("Identity", [a], y);
                    else Graph.Node("Cast", [a], y, OnnxAttribute.Of("to", (long)to));
                    Set(y, to);
                    return;
                }
                case "GatherNd":
                    Graph.Node("GatherND", [X(0), AsInt64(X(1))], y, OnnxAttribute.Of("batch_dims", 0L));
                    Set(y, node.Type("Tparams") is { } tp ? TfjsGraphModel.DataType(tp) : OnnxDataType.Float);
                    return;
                case "ConcatV2":
                {
                    var n = (int)(node.Int("N") ?? inputs.Count - 1);
                    var axis = ConstInts(node, n)[0];
                    Graph.Node("Concat", inputs.Take(n).Select(Tensor).ToArray(), y, OnnxAttribute.Of("axis", axis));
                    break;
                }
                default:
                    throw new TfjsConversionException($"{model.Name}: unsupported TF op {node.Op} ({y})");
            }
            Set(y, outType);

            void Binary(string op) => Graph.Node(op, [X(0), X(1)], y);
        }

        private void Conv(TfjsNode node, List<string> inputs, bool depthwise)
        {
            CheckNhwc(node);
            var y = node.Name;
            var filter = ConstTensor(node, 1);
            var w = filter.AsFloats();
            var (kh, kw, cin, cout) = ((int)filter.Shape[0], (int)filter.Shape[1], (int)filter.Shape[2], (int)filter.Shape[3]);
            float[] oihw;
            long[] dims;
            if (depthwise)
            {
                // [kh, kw, C, M] -> [C*M, 1, kh, kw]
                oihw = new float[w.Length];
                for (var i = 0; i < kh; i++)
                for (var j = 0; j < kw; j++)
                for (var c = 0; c < cin; c++)
                for (var m = 0; m < cout; m++)
                    oihw[((c * cout + m) * kh + i) * kw + j] = w[((i * kw + j) * cin + c) * cout + m];
                dims = [cin * cout, 1, kh, kw];
            }
            else
            {
                // [kh, kw, I, O] -> [O, I, kh, kw]
                oihw = new float[w.Length];
                for (var i = 0; i < kh; i++)
                for (var j = 0; j < kw; j++)
                for (var c = 0; c < cin; c++)
                for (var o = 0; o < cout; o++)
                    oihw[((o * cin + c) * kh + i) * kw + j] = w[((i * kw + j) * cin + c) * cout + o];
                dims = [cout, cin, kh, kw];
            }
            var weight = Graph.Floats(TfjsGraphModel.TensorName(inputs[1]) + "_oihw", dims, oihw);

            var fused = node.Strings("fused_ops");
            var convInputs = new List<string> { Graph.Node("Transpose", [Tensor(inputs[0])], null, OnnxAttribute.Of("perm", ToNchw)), weight };
            var activation = (string?)null;
            if (fused.Count > 0)
            {
                if (fused[0] != "BiasAdd")
                    throw new TfjsConversionException($"{node.Op} {y}: fused ops {string.Join("+", fused)} (only BiasAdd[+activation])");
                var bias = ConstTensor(node, 2);
                if (bias.Count != dims[0])
                    throw new TfjsConversionException($"{node.Op} {y}: bias has {bias.Count} values for {dims[0]} channels");
                convInputs.Add(Tensor(inputs[2]));
                if (fused.Count > 2)
                    throw new TfjsConversionException($"{node.Op} {y}: fused ops {string.Join("+", fused)}");
                activation = fused.Count == 2 ? fused[1] : null;
            }

            var strides = node.Ints("strides");
            var dilations = node.Ints("dilations");
            var attrs = new List<OnnxAttribute>
            {
                OnnxAttribute.Of("kernel_shape", kh, kw),
                OnnxAttribute.Of("strides", strides[1], strides[2]),
                OnnxAttribute.Of("dilations", dilations.Count == 4 ? dilations[1] : 1, dilations.Count == 4 ? dilations[2] : 1),
                OnnxAttribute.Of("group", depthwise ? cin : 1L),
            };
            if (node.String("padding") == "EXPLICIT")
            {
                var p = node.Ints("explicit_paddings"); // NHWC pairs: [0,0, top,bottom, left,right, 0,0]
                attrs.Add(OnnxAttribute.Of("pads", p[2], p[4], p[3], p[5]));
            }
            else
            {
                attrs.Add(OnnxAttribute.Of("auto_pad", AutoPad(node)));
            }
            var conv = Graph.Node("Conv", convInputs, null, [.. attrs]);
            if (activation is null)
            {
                Graph.Node("Transpose", [conv], y, OnnxAttribute.Of("perm", ToNhwc));
                return;
            }
            var back = Graph.Node("Transpose", [conv], null, OnnxAttribute.Of("perm", ToNhwc));
            Activation(activation, back, y, inputs.Count > 3 ? inputs[3] : null, node);
        }

        private void Activation(string activation, string x, string y, string? alphaInput, TfjsNode node)
        {
            switch (activation)
            {
                case "Relu": Graph.Node("Relu", [x], y); break;
                case "Relu6": Graph.Node("Clip", [x, Graph.Scalar("zero", 0f), Graph.Scalar("six", 6f)], y); break;
                case "Elu": Graph.Node("Elu", [x], y); break;
                case "Sigmoid": Graph.Node("Sigmoid", [x], y); break;
                case "LeakyRelu": Graph.Node("LeakyRelu", [x], y, OnnxAttribute.Of("alpha", node.Float("leakyrelu_alpha") ?? 0.2f)); break;
                case "Prelu":
                    Graph.Node("PRelu", [x, Tensor(alphaInput ?? throw new TfjsConversionException($"{node.Name}: Prelu without alpha"))], y);
                    break;
                default:
                    throw new TfjsConversionException($"{node.Op} {node.Name}: unsupported fused activation {activation}");
            }
        }

        private static string AutoPad(TfjsNode node) => node.String("padding") switch
        {
            "SAME" => "SAME_UPPER",
            "VALID" => "VALID",
            var p => throw new TfjsConversionException($"{node.Op} {node.Name}: unsupported padding {p}"),
        };

        private static void CheckNhwc(TfjsNode node)
        {
            var format = node.String("data_format") ?? "NHWC";
            if (format != "NHWC")
                throw new TfjsConversionException($"{node.Op} {node.Name}: data_format {format} (only NHWC)");
        }
    }
}
