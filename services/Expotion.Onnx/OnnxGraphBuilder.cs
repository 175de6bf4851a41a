using System.Runtime.InteropServices;

namespace Expotion.Onnx;

/// <summary>
/// Builds one ONNX graph (nodes, initializers, typed inputs and outputs) and serialises it as a
/// <c>ModelProto</c> with the hand-written protobuf writes of <see cref="ProtoWriter"/> (the field numbers
/// are those of onnx.proto; the handful of messages needed does not justify compiling onnx.proto).
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    public int NodeCount => _nodes.Count;

    /// <summary>A tensor name not used before, derived from <paramref name="hint"/>.</summary>
    public string Fresh(string hint)
    {
        string name;
        do name = $"{hint}__{_counter++}";
        while (!_names.Add(name));
        return name;
    }

    /// <summary>Adds a node with one output named <paramref name="output"/> (fresh when null); returns it.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, string? output = null, params OnnxAttribute[] attributes)
    {
        output ??= Fresh(op);
        _names.Add(output);
        NodeN(op, inputs, [output], attributes);
        return output;
    }

    public void NodeN(string op, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
        var w = new ProtoWriter();
        foreach (var i in inputs) w.String(1, i);
        foreach (var o in outputs) { w.String(2, o); _names.Add(o); }
        w.String(3, $"{op}_{_nodes.Count}");
        w.String(4, op);
        foreach (var a in attributes) w.Message(5, a.Write());
        _nodes.Add(w);
    }

    public string Initializer(string name, OnnxDataType type, IReadOnlyList<long> dims, ReadOnlySpan<byte> raw)
    {
        _names.Add(name);
        _initializers.Add(Tensor(name, type, dims, raw));
        return name;
    }

    public string Floats(string hint, IReadOnlyList<long> dims, ReadOnlySpan<float> values) =>
        Initializer(Fresh(hint), OnnxDataType.Float, dims, MemoryMarshal.AsBytes(values));

    /// <summary>A 1-D int64 constant (shapes, axes, pads).</summary>
    public string Int64s(string hint, params long[] values) =>
        Initializer(Fresh(hint), OnnxDataType.Int64, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>A scalar float constant.</summary>
    public string Scalar(string hint, float value) =>
        Initializer(Fresh(hint), OnnxDataType.Float, [], MemoryMarshal.AsBytes(new[] { value }.AsSpan()));

    public void Input(string name, OnnxDataType type, IReadOnlyList<long>? dims)
    {
        _names.Add(name);
        _inputs.Add(ValueInfo(name, type, dims));
    }

    public void Output(string name, OnnxDataType type, IReadOnlyList<long>? dims) => _outputs.Add(ValueInfo(name, type, dims));

    /// <summary>The serialised <c>ModelProto</c> (IR version 8, default domain at <paramref name="opset"/>).</summary>
    public byte[] ToModel(string graphName, long opset, string producer, string producerVersion, string docString)
    {
        // GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12.
        var g = new ProtoWriter();
        foreach (var n in _nodes) g.Message(1, n);
        g.String(2, graphName);
        foreach (var t in _initializers) g.Message(5, t);
        g.String(10, docString);
        foreach (var i in _inputs) g.Message(11, i);
        foreach (var o in _outputs) g.Message(12, o);

        // OperatorSetIdProto: domain 1, version 2. ModelProto: ir_version 1, producer_name 2, producer_version 3,
        // graph 7, opset_import 8.
        var opsetId = new ProtoWriter();
        opsetId.String(1, "");
        opsetId.Varint(2, opset);
        var m = new ProtoWriter();
        m.Varint(1, 8);
        m.String(2, producer);
        m.String(3, producerVersion);
        m.Message(7, g);
        m.Message(8, opsetId);
        return m.ToArray();
    }

    private static ProtoWriter Tensor(string name, OnnxDataType type, IReadOnlyList<long> dims, ReadOnlySpan<byte> raw)
    {
        // TensorProto: dims 1, data_type 2, name 8, raw_data 9.
        var w = new ProtoWriter();
        if (dims.Count > 0) w.PackedInt64(1, dims);
        w.Varint(2, (int)type);
        w.String(8, name);
        w.Bytes(9, raw);
        return w;
    }

    private static ProtoWriter ValueInfo(string name, OnnxDataType type, IReadOnlyList<long>? dims)
    {
        // ValueInfoProto: name 1, type 2. TypeProto: tensor_type 1. Tensor: elem_type 1, shape 2.
        // TensorShapeProto: dim 1. Dimension: dim_value 1, dim_param 2 (for unknown sizes, given as -1).
        var tensor = new ProtoWriter();
        tensor.Varint(1, (int)type);
        if (dims is not null)
        {
            var shape = new ProtoWriter();
            for (var i = 0; i < dims.Count; i++)
            {
                var d = new ProtoWriter();
                if (dims[i] >= 0) d.Varint(1, dims[i]);
                else d.String(2, $"d{i}");
                shape.Message(1, d);
            }
            tensor.Message(2, shape);
        }
        var typeProto = new ProtoWriter();
        typeProto.Message(1, tensor);
        var w = new ProtoWriter();
        w.String(1, name);
        w.Message(2, typeProto);
        return w;
    }
}
