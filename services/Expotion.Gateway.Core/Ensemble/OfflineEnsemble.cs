namespace Expotion.Gateway.Core.Ensemble;

/// <summary>One member of an offline ensemble: a name and the role asked for (null: the default).</summary>
public sealed record OfflineMember(string Name, EnsembleRole? Role);

/// <summary>
/// An ensemble with no clock: every member's condition rows are on hand (a video file each), all starting at the piece's
/// time 0, so grid point n merges each member's row n, as fast as the rows come. The roles and their fallbacks are the
/// live session's (<see cref="EnsembleRoster"/>) and so is the merge (<see cref="RoleMerge.Step"/>); a member whose rows
/// end leaves there, as a live member who stops sending would, and the piece lasts as long as its longest member.
/// </summary>
public sealed class OfflineEnsemble
{
    private readonly EnsembleRoster _roster;
    private readonly RosterMember[] _cast;

    /// <summary>Casts the roles: members who asked for one first (so that an asked-for role wins over a default), then the
    /// others in order, with the gateway's default (the first rhythm when nobody asked for it, the rest energy).</summary>
    /// <exception cref="InvalidInputException">Two members asking for one exclusive role.</exception>
    /// <exception cref="LimitExceededException">More than <paramref name="maxMembers"/> members.</exception>
    public OfflineEnsemble(IReadOnlyList<OfflineMember> members, int maxMembers)
    {
        if (members.Count == 0) throw new InvalidInputException("ensemble", "has no members; give at least one video");
        _roster = new EnsembleRoster(maxMembers);
        _cast = new RosterMember[members.Count];
        foreach (var pass in new[] { true, false })
            for (var i = 0; i < members.Count; i++)
                if (members[i].Role is not null == pass) _cast[i] = _roster.Add(members[i].Name, members[i].Role);
        Roles = _roster.Describe();
    }

    /// <summary>The role each member plays, in the order they were given.</summary>
    public IReadOnlyList<EnsembleRole> Cast => [.. _cast.Select(m => m.Role)];

    /// <summary>Who drives what at the start (<see cref="EnsembleRoster.Describe"/>).</summary>
    public string Roles { get; }

    /// <summary>The merged rows, one per grid point from 0 until the last member's last row.</summary>
    /// <param name="rows">Each member's rows, in the order the members were given; every row <paramref name="layout"/>'s width.</param>
    public async IAsyncEnumerable<ConditionRow> MergeAsync(SessionLayout layout, IReadOnlyList<IAsyncEnumerable<ConditionRow>> rows,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (rows.Count != _cast.Length) throw new ArgumentException($"{rows.Count} row streams for {_cast.Length} members", nameof(rows));
        var merge = new RoleMerge(layout.Dims, layout.Names, layout.MotionEnergyIndex);
        var states = rows.Select((r, i) => new Reader(_cast[i], r.GetAsyncEnumerator(cancellationToken))).ToList();
        try
        {
            foreach (var s in states)
            {
                await s.AdvanceAsync(layout.Dims);
                if (s.Next is null) Leave(s, merge);   // no rows at all
            }
            var merged = new Dictionary<int, float[]>();
            for (long n = 0; states.Any(s => !s.Left); n++)
            {
                merged.Clear();
                foreach (var s in states.Where(s => !s.Left))
                {
                    while (s.Next is { } next && next.Index <= n)
                    {
                        s.Current = next.Values;
                        await s.AdvanceAsync(layout.Dims);
                    }
                    if (s.Current is not null) merged[s.Member.Id] = s.Current;
                }
                yield return new ConditionRow(n, merge.Step(merged, _roster));
                // A member whose last row is merged leaves: their roles fall back to the others.
                foreach (var s in states.Where(s => !s.Left && s.Next is null)) Leave(s, merge);
            }
        }
        finally
        {
            foreach (var s in states) await s.Rows.DisposeAsync();
        }
    }

    private void Leave(Reader s, RoleMerge merge)
    {
        s.Left = true;
        _roster.Remove(s.Member.Id);
        merge.Forget(s.Member.Id);
    }

    private sealed class Reader(RosterMember member, IAsyncEnumerator<ConditionRow> rows)
    {
        public RosterMember Member { get; } = member;
        public IAsyncEnumerator<ConditionRow> Rows { get; } = rows;
        public ConditionRow? Next { get; private set; }
        public float[]? Current { get; set; }
        public bool Left { get; set; }

        public async ValueTask AdvanceAsync(int dims)
        {
            var previous = Next;
            Next = await Rows.MoveNextAsync() ? Rows.Current : null;
            if (Next is not { } next) return;
            if (next.Values.Length != dims)
                throw new InvalidInputException("condition.values", $"'{Member.Name}' row {next.Index} has {next.Values.Length} values; the ensemble's layout has {dims}");
            if (previous is { } p && next.Index <= p.Index)
                throw new InvalidInputException("condition.index", $"'{Member.Name}' row {next.Index} does not follow {p.Index}; rows must increase");
        }
    }
}
