using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Expotion.Deploy.Tests;

/// <summary>
/// deploy/Dockerfile against the repository: what it copies exists, it copies every project the server needs
/// (the closure of its ProjectReferences), each stage's target runs `expotion-server serve &lt;stage&gt;` as non-root on
/// the port its Kubernetes manifest declares, and the music image installs its Debian synthesiser and SoundFont.
/// </summary>
public sealed partial class DockerfileTests
{
    public static readonly string[] Stages = ["vision", "smoothing", "music", "gateway"];
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Deploy, "Dockerfile"));
    private const string Server = "services/Expotion.Server/Expotion.Server.csproj";

    [Fact]
    public void Dockerfile_CopiedPathsAndPublishedProject_Exist()
    {
        var copies = CopySources().ToList();
        Assert.NotEmpty(copies);
        foreach (var source in copies)
            Assert.True(File.Exists(Full(source)) || Directory.Exists(Full(source)), $"COPY {source}: not in the repository");
        var published = PublishRegex().Match(Dockerfile);
        Assert.True(published.Success, "no `dotnet publish <project>` in deploy/Dockerfile");
        Assert.Equal(Server, published.Groups[1].Value);
        Assert.True(File.Exists(Full(Server)));
    }

    [Fact]
    public void Dockerfile_ServerReferences_AreAllCopiedIntoTheBuild()
    {
        var copied = CopySources().Select(s => Full(s).TrimEnd('/') + "/").ToList();
        var closure = ProjectClosure(Full(Server));
        Assert.True(closure.Count >= 10, $"only {closure.Count} projects found");
        foreach (var project in closure)
            Assert.True(copied.Any(c => project.StartsWith(c, StringComparison.Ordinal)), $"{Path.GetRelativePath(RepoPaths.Root, project)} is not copied into the build stage");
    }

    [Fact]
    public void ServerImage_ProjectClosure_CarriesNeitherTheCliNorEval()
    {
        var closure = ProjectClosure(Full(Server)).Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/')).ToList();
        Assert.Contains("services/Expotion.Hosting/Expotion.Hosting.csproj", closure);
        Assert.DoesNotContain(closure, p => p.StartsWith("tools/", StringComparison.Ordinal) || p.StartsWith("clients/Expotion.Cli/", StringComparison.Ordinal));
        Assert.DoesNotContain("tools/", Dockerfile, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StageData))]
    public void StageImage_EachStage_ServesItAsNonRootOnItsManifestPort(string stage)
    {
        var target = Target(stage);
        var entry = Regex.Match(target, @"ENTRYPOINT\s+\[(.*)\]");
        Assert.True(entry.Success, $"the {stage} target has no ENTRYPOINT");
        var args = Regex.Matches(entry.Groups[1].Value, "\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["dotnet", "expotion-server.dll", "serve", stage], args[..4]);
        var port = int.Parse(Regex.Match(string.Join(' ', args), @"--urls http://0\.0\.0\.0:(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var manifest = File.ReadAllText(Path.Combine(RepoPaths.Deploy, "k8s", $"{stage}.yaml"));
        Assert.Contains($"containerPort: {port}", manifest, StringComparison.Ordinal);
        Assert.Contains($"port: {port}", manifest, StringComparison.Ordinal);

        // The last USER in the chain that builds this target is the non-root one the .NET images define.
        var users = Regex.Matches(Target("runtime") + target, @"^USER\s+(\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("$APP_UID", users[^1]);

        // `serve` knows the stage.
        var serve = File.ReadAllText(Full("services/Expotion.Hosting/ServeRoles.cs"));
        Assert.Contains($"[\"{stage}\"]", serve, StringComparison.Ordinal);
    }

    [Fact]
    public void MusicImage_Packages_InstallFluidSynthAndTheGeneralMidiSoundFont()
    {
        var music = Target("music");
        Assert.Contains("libfluidsynth3", music, StringComparison.Ordinal);
        Assert.Contains("fluid-soundfont-gm", music, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime", Dockerfile, StringComparison.Ordinal);
    }

    public static TheoryData<string> StageData => [.. Stages];

    /// <summary>The lines of one build stage (from its FROM to the next FROM).</summary>
    private static string Target(string name)
    {
        var m = Regex.Match(Dockerfile, $@"^FROM\s+\S+\s+AS\s+{name}\s*$(.*?)(?=^FROM\s|\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(m.Success, $"deploy/Dockerfile has no '{name}' target");
        return m.Groups[1].Value;
    }

    /// <summary>Sources of COPY instructions that read the build context (not --from another stage).</summary>
    private static IEnumerable<string> CopySources() =>
        Regex.Matches(Dockerfile, @"^COPY\s+(?!--from)(.+)$", RegexOptions.Multiline)
            .SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]);

    private static string Full(string relative) => Path.GetFullPath(Path.Combine(RepoPaths.Root, relative));

    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
        return seen;
    }

    [GeneratedRegex(@"dotnet publish\s+(\S+\.csproj)")]
    private static partial Regex PublishRegex();
}
