using System.CommandLine;

namespace Expotion.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Show the services' logs (Information and up)." };

    public static Option<Uri?> Url(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
            result.AddError($"{name}: '{text}' is not an http:// or https:// address");
            return null;
        },
    };

    /// <summary>One or more addresses of a stage's replicas, comma-separated; new streams are balanced over them round robin.</summary>
    public static Option<IReadOnlyList<Uri>?> Urls(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            try { return Client.StageEndpoints.ParseReplicas(result.Tokens.Single().Value); }
            catch (ArgumentException ex)
            {
                result.AddError($"{name}: {ex.Message}");
                return null;
            }
        },
    };
}
