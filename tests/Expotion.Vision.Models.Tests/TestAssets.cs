using Expotion.Vision.Models;
using Expotion.Vision.Models.Imaging;
using SkiaSharp;

namespace Expotion.Vision.Models.Tests;

/// <summary>
/// Where the test inputs are: the models and media that <c>scripts/setup-vision-models.sh</c> put in the
/// cache, and the TF.js reference script beside this project. Tests that need one skip, naming the setup
/// script, when it is missing.
/// </summary>
internal static class TestAssets
{
    public static VisionModelStore Store { get; } = new(cacheDirectory: Path.Combine(Path.GetTempPath(), "expotion-test-onnx"));

    public static string MediaDirectory => Path.Combine(VisionModelStore.ExpotionCache, "media");

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ReferenceDirectory => Path.Combine(RepoRoot, "tests", "Expotion.Vision.Models.Tests", "tfjs-reference");

    public static void RequireModels(params string[] names)
    {
        var missing = Store.Missing(names);
        Assert.SkipWhen(missing.Count > 0, $"models {string.Join(", ", missing)} not in {Store.ModelsDirectory}: run scripts/setup-vision-models.sh");
    }

    public static string Media(string file)
    {
        var path = Path.Combine(MediaDirectory, file);
        Assert.SkipUnless(File.Exists(path), $"{path} is missing: run scripts/setup-vision-models.sh");
        return path;
    }

    public static RgbImage LoadImage(string file)
    {
        using var bitmap = SKBitmap.Decode(Media(file)) ?? throw new InvalidOperationException($"cannot decode {file}");
        using var rgba = bitmap.Copy(SKColorType.Rgba8888);
        var src = rgba.GetPixelSpan();
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            rgb[o] = src[i];
            rgb[o + 1] = src[i + 1];
            rgb[o + 2] = src[i + 2];
        }
        return RgbImage.Create(bitmap.Width, bitmap.Height, rgb);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Expotion.sln"))) return dir.FullName;
        throw new InvalidOperationException("Expotion.sln not found above " + AppContext.BaseDirectory);
    }
}
