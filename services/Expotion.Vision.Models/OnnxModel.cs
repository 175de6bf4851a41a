using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Expotion.Vision.Models;

/// <summary>
/// One converted model in an ONNX Runtime session, run with plain arrays. Runs may overlap (ONNX Runtime
/// sessions are thread-safe for <c>Run</c>).
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxModel(InferenceSession session, string name)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        Name = name;
        InputNames = session.InputNames.ToArray();
        OutputNames = session.OutputNames.ToArray();
    }

    public string Name { get; }
    public IReadOnlyList<string> InputNames { get; }
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Converts (first use) and loads <paramref name="name"/> from <paramref name="store"/>.</summary>
    public static OnnxModel Load(VisionModelStore store, string name, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new OnnxModel(OnnxSessionFactory.Create(store.OnnxPath(name), intraOpThreads), name);
    }

    /// <summary>Runs the model on one float32 or int32 input; returns every output as float32 by name.</summary>
    public IReadOnlyDictionary<string, OnnxOutput> Run(string input, Array data, long[] shape, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var value = data switch
        {
            float[] f => OrtValue.CreateTensorValueFromMemory(f, shape),
            int[] i => OrtValue.CreateTensorValueFromMemory(i, shape),
            _ => throw new ArgumentException($"unsupported input array {data.GetType()}", nameof(data)),
        };
        using var options = new RunOptions();
        using var registration = cancellationToken.Register(() => options.Terminate = true);
        using var outputs = _session.Run(options, [input], [value], OutputNames);
        cancellationToken.ThrowIfCancellationRequested();
        var result = new Dictionary<string, OnnxOutput>(StringComparer.Ordinal);
        for (var k = 0; k < OutputNames.Count; k++)
        {
            var o = outputs[k];
            var info = o.GetTensorTypeAndShape();
            var values = info.ElementDataType switch
            {
                TensorElementType.Float => o.GetTensorDataAsSpan<float>().ToArray(),
                TensorElementType.Int32 => Array.ConvertAll(o.GetTensorDataAsSpan<int>().ToArray(), v => (float)v),
                TensorElementType.Int64 => Array.ConvertAll(o.GetTensorDataAsSpan<long>().ToArray(), v => (float)v),
                var t => throw new InvalidOperationException($"{Name}: output {OutputNames[k]} is {t}"),
            };
            result[OutputNames[k]] = new OnnxOutput(values, info.Shape);
        }
        return result;
    }

    public void Dispose() => _session.Dispose();
}
