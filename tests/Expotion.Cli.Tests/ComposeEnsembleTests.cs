using System.Globalization;
using System.Text.RegularExpressions;
using Expotion.Client.Media;

namespace Expotion.Cli.Tests;

/// <summary>Two sample performers, one at 100 BPM and one at 140, written once for the class.</summary>
public sealed class EnsembleFiles : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("expotion-ensemble-").FullName;
    public string Slow => Path.Combine(Folder, "slow.mp4");
    public string Fast => Path.Combine(Folder, "fast.mp4");

    public async ValueTask InitializeAsync()
    {
        await SampleVideo.WriteAsync(new SamplePerformer(160, 120, 25, 12, bpm: 100), Slow, null, CancellationToken.None);
        await SampleVideo.WriteAsync(new SamplePerformer(160, 120, 25, 12, bpm: 140), Fast, null, CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    public string TempFile(string name) => Path.Combine(Folder, $"{Guid.NewGuid():N}-{name}");
}

/// <summary>`expotion compose` with several --video/--role pairs: one piece steered by an ensemble, offline.</summary>
public sealed partial class ComposeEnsembleTests(EnsembleFiles files) : IClassFixture<EnsembleFiles>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Theory]
    [InlineData("slow", "fast", 100)]
    [InlineData("fast", "slow", 140)]
    public async Task Compose_TwoVideosWithRoles_TheTempoFollowsTheRhythmVideo(string rhythm, string energy, double bpm)
    {
        var path = new Dictionary<string, string> { ["slow"] = files.Slow, ["fast"] = files.Fast };
        var wav = files.TempFile("ensemble.wav");
        var (code, stdout, err) = await ExpotionCli.RunAsync(Timeout, "compose",
            "--video", path[energy], "--role", "energy", "--video", path[rhythm], "--role", "rhythm", "-o", wav);

        Assert.True(code == 0, err);
        Assert.Contains($"ensemble: rhythm: {rhythm}; energy: {energy}; harmony: {energy} (fallback)", stdout, StringComparison.Ordinal);   // fallbacks in the order given
        var tempo = double.Parse(Tempo().Match(stdout).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(tempo, bpm * 0.93, bpm * 1.07);
        Assert.True(new FileInfo(wav).Length > 12 * 32000 * 2 * 2, "the piece lasts as long as the videos");
    }

    [Fact]
    public async Task Compose_TwoVideosNoRoles_FirstIsRhythmTheSecondEnergy()
    {
        var (code, stdout, err) = await ExpotionCli.RunAsync(Timeout, "compose", "--video", files.Slow, "--video", files.Fast, "-o", files.TempFile("d.wav"));
        Assert.True(code == 0, err);
        Assert.Contains("ensemble: rhythm: slow; energy: fast;", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--role", "rhythm", "--video", "V" }, "expotion: --role rhythm comes before any --video; each --role names the role of the --video before it")]
    [InlineData(new[] { "--video", "V", "--role", "rhythm", "--role", "energy" }, "expotion: --video V has two roles (rhythm, energy); give one --role after each --video")]
    [InlineData(new[] { "--video", "V", "--role", "drums" }, "expotion: invalid input: ensemble.role: 'drums' is not a role; one of rhythm, energy, harmony, melody, all (or empty for the default)")]
    [InlineData(new[] { "--video", "V", "--role", "rhythm", "--video", "W", "--role", "rhythm" }, "expotion: invalid input: ensemble.role: rhythm is held by 'slow'; it is exclusive (choose energy, all, or a free role)")]
    public async Task Compose_BadRoles_OneLineErrorNamingWhatIsWrongAndExit2(string[] args, string expected)
    {
        var resolved = args.Select(a => a == "V" ? files.Slow : a == "W" ? files.Fast : a).ToArray();
        var (code, _, err) = await ExpotionCli.RunAsync(Timeout, ["compose", .. resolved, "-o", files.TempFile("x.wav")]);
        Assert.Equal(2, code);
        Assert.Equal(expected.Replace("--video V", $"--video {files.Slow}", StringComparison.Ordinal), err.Trim());
    }

    [Fact]
    public async Task Compose_EnsembleThroughAGateway_SaysToJoinASessionInstead()
    {
        var (code, _, err) = await ExpotionCli.RunAsync(Timeout, "compose", "--video", files.Slow, "--video", files.Fast, "--gateway", "http://127.0.0.1:1");
        Assert.Equal(2, code);
        Assert.Contains("expotion perform --session", err, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"tempo (\d+) BPM")]
    private static partial Regex Tempo();
}
