using Expotion.Tests.Shared;

namespace Expotion.Cli.Tests;

/// <summary>The `expotion` program beside this assembly (the project reference copies it), run as a user runs it.</summary>
internal static class ExpotionCli
{
    public static string Dll => ProcessRunner.AppDll("expotion");

    public static Task<(int Code, string Out, string Err)> RunAsync(TimeSpan timeout, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. args], timeout);
}
