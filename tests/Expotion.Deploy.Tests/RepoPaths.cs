namespace Expotion.Deploy.Tests;

/// <summary>Where the repository is, found from the test binaries upwards (the folder holding Expotion.sln).</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Deploy => Path.Combine(Root, "deploy");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Expotion.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Expotion.sln above {AppContext.BaseDirectory}");
    }
}
