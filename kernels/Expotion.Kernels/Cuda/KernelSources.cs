namespace Expotion.Kernels.Cuda;

/// <summary>The <c>kernels/*.cu</c> files embedded in this assembly (resource names <c>kernels/NAME.cu</c>).</summary>
public static class KernelSources
{
    private static readonly Lazy<IReadOnlyDictionary<string, KernelSource>> Sources = new(Load);

    public static KernelSource Resample => Get("resample.cu");

    public static KernelSource Smooth => Get("smooth.cu");

    public static KernelSource Flow => Get("flow.cu");

    public static KernelSource FrameOps => Get("frame_ops.cu");

    public static IReadOnlyCollection<KernelSource> All => Sources.Value.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();

    public static KernelSource Get(string name) => Sources.Value.TryGetValue(name, out var s)
        ? s
        : throw new KeyNotFoundException($"no embedded kernel source '{name}' (have: {string.Join(", ", Sources.Value.Keys)})");

    private static IReadOnlyDictionary<string, KernelSource> Load()
    {
        var assembly = typeof(KernelSources).Assembly;
        var result = new Dictionary<string, KernelSource>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("kernels/", StringComparison.Ordinal) || !resource.EndsWith(".cu", StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var name = resource["kernels/".Length..];
            result[name] = new KernelSource(name, reader.ReadToEnd());
        }
        return result;
    }
}
