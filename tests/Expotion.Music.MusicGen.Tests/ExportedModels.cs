using System.Diagnostics;
using System.Text.Json;

namespace Expotion.Music.MusicGen.Tests;

/// <summary>
/// The exporter's tiny models (tools/musicgen-export/musicgen_tiny.py, run once per test run into a temp folder):
/// random MusicGen LM + EXPOTION adaptor checkpoints in both layouts, exported as plain, adaptor contract v1, v2 and
/// v2 with external data, with the PyTorch reference's greedy guided tokens in expected.json. Needs Debian's
/// python3-torch and python3-onnx (scripts/setup.sh installs them); where they cannot be imported the tests that
/// need the export are skipped with that reason, and any other failure of the script fails them.
/// </summary>
public sealed class ExportedModels : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public ExportedModels()
    {
        Root = Path.Combine(Path.GetTempPath(), $"expotion-musicgen-export-{Guid.NewGuid():N}");
        var (probe, _, why) = Run(["-c", "import torch, onnx"]);
        if (probe != 0)
        {
            SkipReason = $"python3 cannot import torch and onnx ({why.Trim().Split('\n')[^1]}): scripts/setup.sh installs Debian's python3-torch and python3-onnx";
            return;
        }
        var script = Path.Combine(RepoRoot, "tools", "musicgen-export", "musicgen_tiny.py");
        var (code, stdout, stderr) = Run([script, "--out", Root]);
        if (code != 0)
            throw new InvalidOperationException($"musicgen_tiny.py exited {code}: {stderr}");
        Report = stdout;
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "expected.json")));
        var e = json.RootElement;
        Prompt = e.GetProperty("prompt").GetString()!;
        PromptIds = [.. e.GetProperty("prompt_ids").EnumerateArray().Select(v => v.GetInt64())];
        Guidance = e.GetProperty("guidance").GetDouble();
        Frames = e.GetProperty("frames").GetInt32();
        Window = e.GetProperty("window").GetInt32();
        Stride = e.GetProperty("stride").GetInt32();
        Rows = e.GetProperty("rows").GetInt32();
        Dims = e.GetProperty("dims").GetInt32();
        Conditions = [.. e.GetProperty("conditions").EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray())];
        Tokens = e.GetProperty("tokens").EnumerateObject().ToDictionary(p => p.Name,
            p => p.Value.EnumerateArray().Select(f => f.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToList());
    }

    public string Root { get; }
    public string? SkipReason { get; }
    public string Report { get; } = "";
    public string Prompt { get; } = "";

    /// <summary>The ids the reference fed its text encoder for <see cref="Prompt"/> (words, then &lt;/s&gt;).</summary>
    public IReadOnlyList<long> PromptIds { get; } = [];
    public double Guidance { get; }
    public int Frames { get; }
    public int Window { get; }
    public int Stride { get; }
    public int Rows { get; }
    public int Dims { get; }
    public IReadOnlyList<float[]> Conditions { get; } = [];

    /// <summary>The reference's frames: "plain" (no adaptor) and "adaptor".</summary>
    public IReadOnlyDictionary<string, List<int[]>> Tokens { get; } = new Dictionary<string, List<int[]>>();

    /// <summary>Skips the calling test (with the reason) where python3-torch could not be imported.</summary>
    public void Require()
    {
        if (SkipReason is not null) Assert.Skip(SkipReason);
    }

    public string Model(string name) => Path.Combine(Root, name);

    /// <summary>A copy of an exported folder, for a test to break.</summary>
    public string Copy(string name, params string[] without)
    {
        var dir = Path.Combine(Root, $"{name}-copy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(Model(name)))
            if (!without.Contains(Path.GetFileName(file))) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }

    private static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Expotion.sln"))) return dir.FullName;
            throw new InvalidOperationException($"no Expotion.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Runs one of the exporter's scripts (tools/musicgen-export/<paramref name="script"/>) with Debian's python3.</summary>
    public static (int Code, string Out, string Err) RunScript(string script, params string[] args) =>
        Run([Path.Combine(RepoRoot, "tools", "musicgen-export", script), .. args]);

    private static (int Code, string Out, string Err) Run(IEnumerable<string> args)
    {
        // Debian's interpreter, where apt puts python3-torch (another python3 may come first on PATH).
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, "", $"python3 not found: {ex.Message}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"python3 {string.Join(' ', args)} did not finish in {Timeout}");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
