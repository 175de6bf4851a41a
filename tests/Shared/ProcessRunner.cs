using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Expotion.Tests.Shared;

/// <summary>Runs real programs (the `expotion` CLI, `expotion-server`, Python, Prometheus) as child processes, as a user would.</summary>
internal static class ProcessRunner
{
    /// <summary>A .NET program copied beside the test assembly by a project reference (e.g. "expotion", "expotion-server").</summary>
    public static string AppDll(string assemblyName) => Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Expotion.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Expotion.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static Process Start(string file, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return Process.Start(info)!;
    }

    /// <summary>Runs to the end (killed after <paramref name="timeout"/>); <paramref name="onLine"/>, when given, sees each line of standard output as it comes.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null,
        Action<string>? onLine = null)
    {
        using var process = Start(file, args, workingDirectory);
        using var cts = new CancellationTokenSource(timeout);
        var stdout = onLine is null ? process.StandardOutput.ReadToEndAsync() : ReadLinesAsync(process.StandardOutput, onLine, cts.Token);
        var stderr = process.StandardError.ReadToEndAsync();
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> ReadLinesAsync(StreamReader output, Action<string> onLine, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        while (await output.ReadLineAsync(cancellationToken) is { } line)
        {
            text.Append(line).Append('\n');
            onLine(line);
        }
        return text.ToString();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
