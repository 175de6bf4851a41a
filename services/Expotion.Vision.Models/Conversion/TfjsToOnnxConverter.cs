namespace Expotion.Vision.Models.Conversion;

/// <summary>
/// Converts a <see cref="TfjsGraphModel"/> to an ONNX model (opset 17, so that onnx 1.12's checker accepts it), one TF op at
/// a time by <see cref="TfjsOpTable"/>.
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

    /// <summary>The TF ops a model may use: those <see cref="TfjsOpTable"/> converts.</summary>
    public static IReadOnlySet<string> SupportedOps => TfjsOpTable.Ops;

    public static byte[] Convert(TfjsGraphModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var unsupported = model.Nodes.Select(n => n.Op).Where(op => !SupportedOps.Contains(op)).Distinct().ToList();
        if (unsupported.Count > 0)
            throw new TfjsConversionException($"{model.Name}: unsupported TF ops {string.Join(", ", unsupported)}");
        var c = new TfjsConversion(model);
        foreach (var node in model.Nodes)
            TfjsOpTable.Convert(c, node);
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
}
