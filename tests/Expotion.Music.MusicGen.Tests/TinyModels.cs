using Expotion.Music.MusicGen;
using Expotion.Music.MusicGen.Synthetic;

namespace Expotion.Music.MusicGen.Tests;

/// <summary>
/// The tiny synthetic exports the tests run the real backend on (written once per test run into a temp folder, deleted
/// at the end): one without the adaptor inputs, one with them (D = 6), one whose tokenizer is a bos-less spiece.model.
/// </summary>
public sealed class TinyModels : IDisposable
{
    public const int ConditionDims = 6;

    public TinyModels()
    {
        Root = Path.Combine(Path.GetTempPath(), $"expotion-musicgen-tests-{Guid.NewGuid():N}");
        Plain = SyntheticModel.Write(Path.Combine(Root, "plain"), SyntheticModelSpec.Tiny());
        Adaptor = SyntheticModel.Write(Path.Combine(Root, "adaptor"), SyntheticModelSpec.Tiny(ConditionDims));
        Spiece = SyntheticModel.Write(Path.Combine(Root, "spiece"), SyntheticModelSpec.Tiny(), tokenizer: "spiece");
        PlainModel = MusicGenModel.Load(Options(Plain));
        AdaptorModel = MusicGenModel.Load(Options(Adaptor));
    }

    public string Root { get; }
    public string Plain { get; }
    public string Adaptor { get; }
    public string Spiece { get; }
    public MusicGenModel PlainModel { get; }
    public MusicGenModel AdaptorModel { get; }

    /// <summary>Options for a test: short windows and pieces so that slides and crossfades happen within a few seconds.</summary>
    public static MusicGenOptions Options(string dir, bool cache = true, int window = 500, int stride = 250, int streamFrames = 50) => new()
    {
        ModelDir = dir,
        UseKvCache = cache,
        WindowFrames = window,
        ExtendStrideFrames = stride,
        StreamFrames = streamFrames,
        TryCuda = false,
        IntraOpThreads = 1,
    };

    /// <summary>A fresh folder under the fixture's root for a test to write into.</summary>
    public string Scratch(string name)
    {
        var dir = Path.Combine(Root, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        PlainModel.Dispose();
        AdaptorModel.Dispose();
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
