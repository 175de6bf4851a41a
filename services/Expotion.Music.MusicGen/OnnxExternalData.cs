namespace Expotion.Music.MusicGen;

/// <summary>
/// The external-data files an ONNX graph names (tensors stored outside the protobuf, as exporters do for graphs over
/// 2 GB: <c>TensorProto.external_data["location"]</c>, relative to the graph's folder), read by walking the protobuf
/// on disk without loading it: initializers of the main graph and of every subgraph (the merged decoder's <c>If</c>
/// branches), and tensors in node attributes. Length-delimited fields that cannot hold tensors are skipped by seeking,
/// so a 2 GB graph with its weights inside costs a few reads.
/// </summary>
public static class OnnxExternalData
{
    // Field numbers of onnx.proto3.
    private const int ModelGraph = 7;
    private const int GraphNode = 1, GraphInitializer = 5, GraphSparseInitializer = 15;
    private const int NodeAttribute = 5;
    private const int AttributeTensor = 5, AttributeGraph = 6, AttributeTensors = 10, AttributeGraphs = 11;
    private const int SparseValues = 1, SparseIndices = 2;
    private const int TensorExternalData = 13;
    private const int EntryKey = 1, EntryValue = 2;

    /// <summary>The locations named by <paramref name="onnxPath"/>'s tensors, in order of first appearance.</summary>
    public static IReadOnlyList<string> Locations(string onnxPath)
    {
        using var stream = new FileStream(onnxPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var found = new List<string>();
        new Walker(stream, found).Message(stream.Length, Kind.Model);
        return found;
    }

    /// <summary>The named external-data files that do not exist beside <paramref name="onnxPath"/> (empty when none is missing or the file cannot be read).</summary>
    public static IReadOnlyList<string> MissingFiles(string onnxPath)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(onnxPath)) ?? ".";
            return [.. Locations(onnxPath).Where(l => !File.Exists(Path.Combine(folder, l)))];
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private enum Kind { Model, Graph, Node, Attribute, Tensor, Sparse, Entry, Skip }

    private sealed class Walker(Stream stream, List<string> found)
    {
        public void Message(long end, Kind kind)
        {
            string? key = null, value = null;
            while (stream.Position < end)
            {
                var tag = Varint();
                var field = (int)(tag >> 3);
                switch ((int)(tag & 7))
                {
                    case 0: Varint(); break;
                    case 1: stream.Seek(8, SeekOrigin.Current); break;
                    case 5: stream.Seek(4, SeekOrigin.Current); break;
                    case 2:
                        var length = (long)Varint();
                        var stop = stream.Position + length;
                        if (length < 0 || stop > end) throw new InvalidDataException("truncated ONNX protobuf");
                        var child = Child(kind, field);
                        if (kind == Kind.Entry && field is EntryKey or EntryValue)
                        {
                            var text = ReadString((int)length);
                            if (field == EntryKey) key = text; else value = text;
                        }
                        else if (child != Kind.Skip)
                        {
                            Message(stop, child);
                        }
                        stream.Position = stop;
                        break;
                    default: throw new InvalidDataException($"unsupported protobuf wire type {tag & 7}");
                }
            }
            if (kind == Kind.Entry && key == "location" && value is not null && !found.Contains(value)) found.Add(value);
        }

        private static Kind Child(Kind parent, int field) => (parent, field) switch
        {
            (Kind.Model, ModelGraph) => Kind.Graph,
            (Kind.Graph, GraphNode) => Kind.Node,
            (Kind.Graph, GraphInitializer) => Kind.Tensor,
            (Kind.Graph, GraphSparseInitializer) => Kind.Sparse,
            (Kind.Node, NodeAttribute) => Kind.Attribute,
            (Kind.Attribute, AttributeTensor or AttributeTensors) => Kind.Tensor,
            (Kind.Attribute, AttributeGraph or AttributeGraphs) => Kind.Graph,
            (Kind.Sparse, SparseValues or SparseIndices) => Kind.Tensor,
            (Kind.Tensor, TensorExternalData) => Kind.Entry,
            _ => Kind.Skip,
        };

        private ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = stream.ReadByte();
                if (b < 0) throw new InvalidDataException("truncated ONNX protobuf");
                result |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0) return result;
            }
            throw new InvalidDataException("malformed varint in ONNX protobuf");
        }

        private string ReadString(int length)
        {
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
    }
}
