using Expotion.Music.Core.Rendering;

namespace Expotion.Music.Tests;

public sealed class SoundFontLocatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("expotion-sf-").FullName;
    private readonly string _other;

    public SoundFontLocatorTests() => _other = Directory.CreateTempSubdirectory("expotion-sf-").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        Directory.Delete(_other, recursive: true);
    }

    private static Func<string, string?> Env(string? value) => name => name == SoundFontLocator.EnvironmentVariable ? value : null;

    [Fact]
    public void Locate_NothingInstalled_ThrowsNamingPathsAndPackage()
    {
        var locator = new SoundFontLocator([_dir], Env(null));

        var e = Assert.Throws<SoundFontNotFoundException>(() => locator.Locate());

        Assert.Contains(Path.Combine(_dir, "FluidR3_GM.sf2"), e.Message);
        Assert.Contains(Path.Combine(_dir, "TimGM6mb.sf2"), e.Message);
        Assert.Contains("fluid-soundfont-gm", e.Message);
        Assert.Contains(SoundFontLocator.EnvironmentVariable, e.Message);
        Assert.Contains(Path.Combine(_dir, "FluidR3_GM.sf2"), e.Tried);
    }

    [Fact]
    public void Locate_PreferredNames_WinOverOtherFiles()
    {
        File.WriteAllText(Path.Combine(_dir, "Aaa.sf2"), "x");
        File.WriteAllText(Path.Combine(_other, "TimGM6mb.sf2"), "x");
        var locator = new SoundFontLocator([_dir, _other], Env(null));

        Assert.Equal(Path.Combine(_other, "TimGM6mb.sf2"), locator.Locate());

        File.WriteAllText(Path.Combine(_other, "FluidR3_GM.sf2"), "x");
        Assert.Equal(Path.Combine(_other, "FluidR3_GM.sf2"), locator.Locate());
    }

    [Fact]
    public void Locate_OnlyOtherFonts_TakesTheFirstByName()
    {
        File.WriteAllText(Path.Combine(_dir, "b.sf3"), "x");
        File.WriteAllText(Path.Combine(_dir, "a.sf2"), "x");
        File.WriteAllText(Path.Combine(_dir, "readme.txt"), "x");

        Assert.Equal(Path.Combine(_dir, "a.sf2"), new SoundFontLocator([_dir], Env(null)).Locate());
    }

    [Fact]
    public void Locate_EnvironmentVariable_WinsAndMustExist()
    {
        var file = Path.Combine(_other, "mine.sf2");
        File.WriteAllText(file, "x");
        File.WriteAllText(Path.Combine(_dir, "FluidR3_GM.sf2"), "x");

        Assert.Equal(file, new SoundFontLocator([_dir], Env(file)).Locate());
        var e = Assert.Throws<SoundFontNotFoundException>(() => new SoundFontLocator([_dir], Env(file + ".missing")).Locate());
        Assert.Contains(file + ".missing", e.Message);
    }

    [Fact]
    public void Locate_ExplicitPath_WinsOverEnvironmentAndMustExist()
    {
        var file = Path.Combine(_other, "explicit.sf2");
        File.WriteAllText(file, "x");
        var locator = new SoundFontLocator([_dir], Env(Path.Combine(_dir, "env.sf2")));

        Assert.Equal(file, locator.Locate(file));
        Assert.Throws<SoundFontNotFoundException>(() => locator.Locate(Path.Combine(_other, "nope.sf2")));
    }
}
