using System.Text.RegularExpressions;

namespace Expotion.Gateway.Core.Ensemble;

/// <summary>Session and member names: 1..64 letters, digits, '.', '_' or '-' (they appear in logs, metrics and URLs).</summary>
public static partial class SessionName
{
    public const int MaxLength = 64;

    public static string Validate(string? name, string field)
    {
        if (string.IsNullOrEmpty(name))
            throw new InvalidInputException(field, "is empty; give a name of letters, digits, '.', '_' or '-'");
        if (name.Length > MaxLength)
            throw new InvalidInputException(field, $"is {name.Length} characters long; at most {MaxLength}");
        if (!Allowed().IsMatch(name))
            throw new InvalidInputException(field, $"'{name}' may only hold letters, digits, '.', '_' and '-'");
        return name;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex Allowed();
}
