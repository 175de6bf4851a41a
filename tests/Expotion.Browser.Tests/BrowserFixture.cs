using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Expotion.Hosting;
using Expotion.Client.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Expotion.Browser.Tests;

/// <summary>
/// Debian's Chromium (headless, no GPU, no camera: a fake camera fed from a .y4m that the fixture writes
/// with ffmpeg from the <see cref="SamplePerformer"/> striking at 120 BPM) driven by Microsoft.Playwright,
/// and the built page (clients/web/dist, built by scripts/setup-browser.sh).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const double SwingBpm = 120;

    private IPlaywright? _playwright;

    public string? SkipReason { get; private set; }
    public string Repo { get; } = FindRepo();
    public string WebRoot => Path.Combine(Repo, "clients", "web", "dist");
    public string Folder { get; } = Directory.CreateTempSubdirectory("expotion-browser-").FullName;
    public string Output => Directory.CreateDirectory(Path.Combine(Repo, "artifacts", "browser-tests")).FullName;
    public string Camera { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public IPlaywright Playwright => _playwright!;

    /// <summary>Chromium started at the stages' priority (see <see cref="WriteLauncher"/>).</summary>
    public string Launcher { get; private set; } = ChromiumPath;

    public static readonly string[] CommonFlags =
    [
        "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
    ];

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) { SkipReason = $"Debian's chromium is not installed at {ChromiumPath} (scripts/setup-browser.sh installs it)"; return; }
        if (!File.Exists(Path.Combine(WebRoot, "index.html")))
            throw new InvalidOperationException($"the live page is not built ({WebRoot}); run scripts/setup-browser.sh");
        Launcher = WriteLauncher();
        Camera = Path.Combine(Folder, "swing.y4m");
        await WriteY4mAsync(new SamplePerformer(320, 240, fps: 30, seconds: 6, bpm: SwingBpm), Camera);
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await LaunchAsync(["--use-fake-ui-for-media-stream"]);
    }

    public Task<IBrowser> LaunchAsync(IEnumerable<string> extra, string? camera = null) => Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Launcher,
        Headless = true,
        ChromiumSandbox = false,
        Args = [.. CommonFlags, $"--use-file-for-fake-video-capture={camera ?? Camera}", .. extra],
    });

    /// <summary>
    /// A launcher that starts Chromium at the niceness the stage hosts give their threads (<c>Scheduling__Nice</c>, default
    /// −10; see services/Expotion.ServiceDefaults/Scheduling). On a performer's machine the page is the foreground app and
    /// Chromium's audio thread runs at real-time priority; here the page and the stages share two cores with whatever else
    /// runs, and a page left at nice 0 would be measured losing its core to that work, not the pipeline's latency. Without
    /// the right to raise priority (not root, no CAP_SYS_NICE) the launcher says so and Chromium starts at the usual niceness.
    /// </summary>
    private string WriteLauncher()
    {
        if (!OperatingSystem.IsLinux()) return ChromiumPath;
        var nice = int.TryParse(Environment.GetEnvironmentVariable("Scheduling__Nice"), CultureInfo.InvariantCulture, out var n) ? n : -10;
        var path = Path.Combine(Folder, "chromium");
        File.WriteAllText(path, $"#!/bin/sh\nrenice -n {nice} -p $$ >/dev/null 2>&1 || echo \"chromium stays at niceness $(nice): no right to raise it\" >&2\nexec {ChromiumPath} \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
            UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>Another performer as a .y4m camera (e.g. another tempo, for a second browser: each has one fake camera).</summary>
    public async Task<string> PerformerCameraAsync(SamplePerformer performer, string name)
    {
        var path = Path.Combine(Folder, name + ".y4m");
        await WriteY4mAsync(performer, path);
        return path;
    }

    /// <summary>A still photo as a 2 s, 30 fps .y4m camera (it loops), at most 320 px wide.</summary>
    public async Task<string> PhotoCameraAsync(string photo)
    {
        var path = Path.Combine(Folder, Path.GetFileNameWithoutExtension(photo) + ".y4m");
        await MediaTools.RunAsync("ffmpeg", ["-v", "error", "-y", "-loop", "1", "-i", photo, "-t", "2", "-r", "30",
            "-vf", "scale=320:-2", "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", path], "ffmpeg", CancellationToken.None);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The performer as a 4:2:0 .y4m (what Chromium's fake camera reads; it loops the file). 6 s = 12 beats, so the loop keeps the tempo.</summary>
    private static async Task WriteY4mAsync(SamplePerformer performer, string path)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{performer.Width}x{performer.Height}",
                     "-r", performer.Fps.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0", "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", path })
            start.ArgumentList.Add(a);
        using var ffmpeg = Process.Start(start)!;
        var stderr = ffmpeg.StandardError.ReadToEndAsync();
        for (var i = 0; i < performer.FrameCount; i++) await ffmpeg.StandardInput.BaseStream.WriteAsync(performer.Render(i));
        ffmpeg.StandardInput.Close();
        await ffmpeg.WaitForExitAsync();
        if (ffmpeg.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not write {path}: {await stderr}");
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Expotion.sln"))) return dir.FullName;
        throw new InvalidOperationException("Expotion.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>`expotion serve all` in this process: every stage and the gateway (with the page) on one loopback port.</summary>
    /// <summary>gRPC on <paramref name="port"/> (HTTP/2), the page and its WebSocket on <see cref="LiveServer.Page"/> (HTTP/1.1).</summary>
    public async Task<LiveServer> ServeAsync(int port, int webPort, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var url = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:VisionUrl"] = url, ["Gateway:SmoothingUrl"] = url, ["Gateway:MusicUrl"] = url,
            ["Gateway:WebRoot"] = WebRoot, ["Gateway:WebUrl"] = $"http://127.0.0.1:{webPort}",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var app = StageHost.Build(StageRole.All, url, [], LogLevel.Warning, settings);
        await app.StartAsync();
        return new LiveServer(app, $"http://127.0.0.1:{webPort}/");
    }

    public Task<LiveServer> ServeAsync(IReadOnlyDictionary<string, string?>? extra = null) => ServeAsync(FreePort(), FreePort(), extra);
}

public sealed class LiveServer(WebApplication app, string page) : IAsyncDisposable
{
    public string Page { get; } = page;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
