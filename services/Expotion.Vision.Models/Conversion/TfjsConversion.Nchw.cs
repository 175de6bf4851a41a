namespace Expotion.Vision.Models.Conversion;

/// <summary>The ops ONNX defines on NCHW (convolutions, pools, resize), wrapped in Transpose pairs; fused activations; padding.</summary>
internal sealed partial class TfjsConversion
{
    /// <summary>MaxPool and AvgPool, NHWC around the NCHW ONNX pool.</summary>
    public void Pool(TfjsOp o, string onnxOp)
    {
        CheckNhwc(o.Node);
        var k = o.Node.Ints("ksize");
        var s = o.Node.Ints("strides");
        var t = Graph.Node("Transpose", [o.X(0)], null, OnnxAttribute.Of("perm", ToNchw));
        var p = Graph.Node(onnxOp, [t], null,
            OnnxAttribute.Of("kernel_shape", k[1], k[2]), OnnxAttribute.Of("strides", s[1], s[2]),
            OnnxAttribute.Of("auto_pad", AutoPad(o.Node)));
        Graph.Node("Transpose", [p], o.Y, OnnxAttribute.Of("perm", ToNhwc));
    }

    /// <summary>ResizeBilinear to a constant size, NHWC around the NCHW Resize.</summary>
    public void ResizeBilinear(TfjsOp o)
    {
        var size = ConstInts(o.Node, 1);
        var mode = o.Node.Bool("half_pixel_centers") ? "half_pixel" : o.Node.Bool("align_corners") ? "align_corners" : "asymmetric";
        var t = Graph.Node("Transpose", [o.X(0)], null, OnnxAttribute.Of("perm", ToNchw));
        var nc = Graph.Node("Slice", [Graph.Node("Shape", [t]), Graph.Int64s("starts", 0), Graph.Int64s("ends", 2)]);
        var sizes = Graph.Node("Concat", [nc, Graph.Int64s("hw", size[0], size[1])], null, OnnxAttribute.Of("axis", 0L));
        var r = Graph.Node("Resize", [t, "", "", sizes], null, OnnxAttribute.Of("mode", "linear"),
            OnnxAttribute.Of("coordinate_transformation_mode", mode));
        Graph.Node("Transpose", [r], o.Y, OnnxAttribute.Of("perm", ToNhwc));
    }

    /// <summary>Conv2D and the depthwise convolution (fused BiasAdd and activation included), NHWC around an NCHW Conv.</summary>
    public void Conv(TfjsOp op, bool depthwise)
    {
        var (node, inputs, y) = (op.Node, op.Inputs, op.Y);
        CheckNhwc(node);
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

    public void Activation(string activation, string x, string y, string? alphaInput, TfjsNode node)
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
