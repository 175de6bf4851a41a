using System.Diagnostics;

namespace Expotion.Client.Media;

/// <summary>Runs ffmpeg/ffprobe (Debian's ffmpeg package) as child processes.</summary>
public static class MediaTools
{
    public const string InstallHint = "install it with: apt-get install -y ffmpeg";

    public static Process Start(string tool, IEnumerable<string> arguments, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new MediaException($"{tool} was not found ({ex.Message}); {InstallHint}");
        }
    }

    /// <summary>Runs a tool to completion; returns stdout, or throws with the first lines of stderr.</summary>
    public static async Task<string> RunAsync(string tool, IEnumerable<string> arguments, string what, CancellationToken cancellationToken)
    {
        using var process = Start(tool, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new MediaException($"{what}: {FirstLines(await stderr)}");
        return await stdout;
    }

    public static string FirstLines(string text, int lines = 2) =>
        string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(lines)) is { Length: > 0 } s ? s : "(no message)";
}
