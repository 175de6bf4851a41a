namespace Expotion.Vision.Models.Conversion;

/// <summary>One TF node being converted: its data inputs (control inputs <c>^name</c> left out), its output name and type.</summary>
internal sealed class TfjsOp(TfjsConversion conversion, TfjsNode node)
{
    public TfjsNode Node { get; } = node;

    public List<string> Inputs { get; } = node.Inputs.Where(i => !i.StartsWith('^')).ToList();

    /// <summary>The ONNX name of the node's (first) output: the TF node's name.</summary>
    public string Y => Node.Name;

    /// <summary>The node's <c>T</c> attribute, float when it has none.</summary>
    public OnnxDataType OutType { get; } = node.Type("T") is { } t ? TfjsGraphModel.DataType(t) : OnnxDataType.Float;

    /// <summary>The ONNX tensor of data input <paramref name="i"/>.</summary>
    public string X(int i) => conversion.Tensor(Inputs[i]);
}
