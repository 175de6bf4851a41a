using System.Globalization;
using Expotion.V1;

namespace Expotion.Cli.Commands;

/// <summary>
/// Prints an ensemble's session events as lines a performer reads: who joined, left or changed role and who drives what now, and
/// every <see cref="MetersEvery"/> of the piece the members with their motion meters.
/// </summary>
internal sealed class SessionPrinter(TextWriter writer)
{
    public static readonly TimeSpan MetersEvery = TimeSpan.FromSeconds(2);

    private long _nextMetersUs;

    public void Print(SessionEvent e)
    {
        if (Describe(e) is { } line) writer.WriteLine(line);
    }

    public string? Describe(SessionEvent e)
    {
        switch (e.Kind)
        {
            case SessionEvent.Types.Kind.Joined:
                return $"joined {e.Session}: {e.Member} ({RoleOf(e, e.Member)}); {e.Roles}";
            case SessionEvent.Types.Kind.Left:
                return $"left {e.Session}: {e.Member}; {e.Roles}";
            case SessionEvent.Types.Kind.Role:
                return $"role {e.Session}: {e.Member} ({RoleOf(e, e.Member)}); {e.Roles}";
            case SessionEvent.Types.Kind.Meters when e.PtsUs >= _nextMetersUs:
                _nextMetersUs = e.PtsUs + (long)MetersEvery.TotalMicroseconds;
                return "members: " + string.Join(", ", e.Members.Select(m =>
                    string.Create(CultureInfo.InvariantCulture, $"{m.Name} ({m.Role}) {m.Motion:F3}")));
            default:
                return null;
        }
    }

    private static string RoleOf(SessionEvent e, string member) => e.Members.FirstOrDefault(m => m.Name == member)?.Role ?? "?";
}
