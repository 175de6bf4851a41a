namespace Expotion.Gateway.Core.Ensemble;

/// <summary>What a member of an ensemble drives in the one piece they all hear.</summary>
public enum EnsembleRole
{
    /// <summary>Tempo and beat phase: the periodicity of their motion.</summary>
    Rhythm,

    /// <summary>Dynamics and density: how much they move. Shared: several energy members are averaged.</summary>
    Energy,

    /// <summary>Chord changes and mode: their face (valence, expression).</summary>
    Harmony,

    /// <summary>The melodic contour: their arms (the pose slots).</summary>
    Melody,

    /// <summary>Every role nobody else holds. Shared.</summary>
    All,
}

public static class EnsembleRoles
{
    /// <summary>The roles only one member may hold at a time.</summary>
    public static bool IsExclusive(this EnsembleRole role) => role is EnsembleRole.Rhythm or EnsembleRole.Harmony or EnsembleRole.Melody;

    /// <summary>The four roles the merge fills (a member with <see cref="EnsembleRole.All"/> stands in for any of them).</summary>
    public static readonly EnsembleRole[] Driven = [EnsembleRole.Rhythm, EnsembleRole.Energy, EnsembleRole.Harmony, EnsembleRole.Melody];

    public static string Name(this EnsembleRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Reads a role as clients write it; empty = none asked for (null).</summary>
    /// <param name="field">The field named when the text is not a role.</param>
    public static EnsembleRole? Parse(string? text, string field = "ensemble.role")
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var role in Enum.GetValues<EnsembleRole>())
            if (string.Equals(role.Name(), text.Trim(), StringComparison.OrdinalIgnoreCase)) return role;
        throw new InvalidInputException(field,
            $"'{text}' is not a role; one of {string.Join(", ", Enum.GetValues<EnsembleRole>().Select(r => r.Name()))} (or empty for the default)");
    }
}
