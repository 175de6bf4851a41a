using System.CommandLine;
using System.CommandLine.Parsing;
using Expotion.Client.Compose;

namespace Expotion.Cli.Commands;

/// <summary>Pairs each <c>--role</c> with the <c>--video</c> before it, in the order they were written
/// (<c>--video a.mp4 --role rhythm --video b.mp4 --video c.mp4 --role harmony</c>: b gets the default role).</summary>
internal static class EnsembleArguments
{
    public static IReadOnlyList<EnsembleVideo> Pair(IReadOnlyList<Token> tokens, Option video, Option role)
    {
        var videos = new List<(string Path, string? Role)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type != TokenType.Option || i + 1 >= tokens.Count || tokens[i + 1].Type != TokenType.Argument) continue;
            var value = tokens[i + 1].Value;
            if (Names(video).Contains(tokens[i].Value)) videos.Add((value, null));
            else if (Names(role).Contains(tokens[i].Value))
            {
                if (videos.Count == 0)
                    throw new ArgumentException($"--role {value} comes before any --video; each --role names the role of the --video before it");
                if (videos[^1].Role is { } held)
                    throw new ArgumentException($"--video {videos[^1].Path} has two roles ({held}, {value}); give one --role after each --video");
                videos[^1] = (videos[^1].Path, value);
            }
        }
        return [.. videos.Select(v => new EnsembleVideo(v.Path, v.Role))];
    }

    private static IEnumerable<string> Names(Option option) => option.Aliases.Append(option.Name);
}
