using Expotion.Tests.Shared;

namespace Expotion.Cli.Tests;

/// <summary>The `expotion` program beside this assembly (the project reference copies it), run as a user runs it.</summary>
internal static class ExpotionCli
{
    public static string Dll => ProcessRunner.AppDll("expotion");

    public static Task<(int Code, string Out, string Err)> RunAsync(TimeSpan timeout, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. args], timeout);

    /// <summary>As <see cref="RunAsync(TimeSpan, string[])"/>, with each line of standard output seen as it comes.</summary>
    public static Task<(int Code, string Out, string Err)> RunAsync(TimeSpan timeout, Action<string> onLine, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. args], timeout, onLine: onLine);
}
