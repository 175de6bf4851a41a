using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Expotion.Composition;
using Grpc.Net.Client;

namespace Expotion.Reliability.Tests;

/// <summary>
/// A stage served by the real `expotion-server serve ROLE` program (what the images run) in a child process, as a deployment runs it,
/// so that a test can kill it (SIGKILL) or stop it (SIGTERM) while streams are open.
/// </summary>
internal sealed class StageProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private StageProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts `expotion serve <paramref name="role"/>` on <paramref name="port"/> and waits until it reports SERVING.</summary>
    public static async Task<StageProcess> StartAsync(string role, int port, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "expotion-server.dll"));
        foreach (var a in new[] { "serve", role, "--urls", $"http://127.0.0.1:{port}" }) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var stage = new StageProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            using var channel = GrpcChannel.ForAddress(stage.Address);
            await ConnectionPolicy.WaitUntilServingAsync(channel, role, TimeSpan.FromSeconds(60), CancellationToken.None);
            return stage;
        }
        catch (Exception ex)
        {
            await stage.DisposeAsync();
            throw new InvalidOperationException($"`expotion serve {role}` did not start: {ex.Message}\n{stage.Log}", ex);
        }
    }

    /// <summary>SIGKILL: the process dies at once, its streams cut mid-message.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: what an orchestrator sends before it stops a pod.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, 15) != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
