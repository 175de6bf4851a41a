namespace Expotion.Gateway.Core.Ensemble;

/// <summary>One member as the roster knows them: an id, a name, the role they asked for (or were given), and when they joined.</summary>
public sealed record RosterMember(int Id, string Name, EnsembleRole Role);

/// <summary>
/// Who is in a session and who drives what. A member asks for a role or none (the first member without one gets
/// <see cref="EnsembleRole.Rhythm"/> when nobody holds it, the rest <see cref="EnsembleRole.Energy"/>). Rhythm, harmony
/// and melody are exclusive. A role nobody holds falls back: to the <see cref="EnsembleRole.All"/> members, then to
/// everyone in the order they joined (energy: to the rhythm member). Not thread-safe: the session locks around it.
/// </summary>
public sealed class EnsembleRoster(int maxMembers)
{
    private readonly List<RosterMember> _members = [];
    private int _nextId;

    public IReadOnlyList<RosterMember> Members => _members;

    public RosterMember Add(string name, EnsembleRole? asked)
    {
        if (_members.Count >= maxMembers)
            throw new LimitExceededException("Gateway:Ensemble:MaxMembers", $"the session already has {maxMembers} members");
        if (_members.Any(m => m.Name == name))
            throw new InvalidInputException("ensemble.member", $"'{name}' is already in this session; choose another name");
        var role = asked ?? (_members.Any(m => m.Role == EnsembleRole.Rhythm) ? EnsembleRole.Energy : EnsembleRole.Rhythm);
        if (role.IsExclusive() && _members.FirstOrDefault(m => m.Role == role) is { } holder)
            throw new InvalidInputException("ensemble.role", $"{role.Name()} is held by '{holder.Name}'; it is exclusive (choose energy, all, or a free role)");
        var member = new RosterMember(_nextId++, name, role);
        _members.Add(member);
        return member;
    }

    public bool Remove(int id) => _members.RemoveAll(m => m.Id == id) > 0;

    /// <summary>Member <paramref name="id"/> takes <paramref name="role"/> (the one they gave up falls back, as when a member
    /// leaves); they keep their place in the join order. Asking for the role they hold changes nothing.</summary>
    /// <exception cref="InvalidInputException">An exclusive role someone else holds ("update.role").</exception>
    public RosterMember ChangeRole(int id, EnsembleRole role)
    {
        var at = _members.FindIndex(m => m.Id == id);
        if (at < 0) throw new InvalidOperationException($"member {id} is not in this session");
        if (role.IsExclusive() && _members.FirstOrDefault(m => m.Role == role && m.Id != id) is { } holder)
            throw new InvalidInputException("update.role",
                $"{role.Name()} is held by '{holder.Name}'; it is exclusive (they change first, or choose energy, all, or a free role)");
        return _members[at] = _members[at] with { Role = role };
    }

    /// <summary>The members that drive <paramref name="role"/>, best first: its holders, else the "all" members, else everyone
    /// in join order (energy: the rhythm candidates). Empty only when the session is empty.</summary>
    public IReadOnlyList<RosterMember> Candidates(EnsembleRole role)
    {
        var holders = _members.Where(m => m.Role == role).ToList();
        if (holders.Count > 0) return holders;
        var all = _members.Where(m => m.Role == EnsembleRole.All).ToList();
        if (all.Count > 0) return all;
        return role == EnsembleRole.Energy ? Candidates(EnsembleRole.Rhythm).Take(1).ToList() : _members;
    }

    /// <summary>Who drives each role now, e.g. "rhythm: ana; energy: ben, cy; harmony: ana (fallback); melody: ana (fallback)".</summary>
    public string Describe() => string.Join("; ", EnsembleRoles.Driven.Select(role =>
    {
        var c = Candidates(role);
        var names = role == EnsembleRole.Energy || c.All(m => m.Role == EnsembleRole.All) ? c.Select(m => m.Name) : c.Take(1).Select(m => m.Name);
        var fallback = c.Count > 0 && c[0].Role != role ? " (fallback)" : "";
        return $"{role.Name()}: {string.Join(", ", names)}{fallback}";
    }));
}
