namespace Expotion.Gateway.Core.Ensemble;

/// <summary>
/// Merges the members' newest condition rows into one row of the same layout, so that any music backend hears one
/// performer (the merged "all" view) while each role is driven by its members:
/// <list type="bullet">
/// <item>rhythm: the motion slots (the flow grid, <c>motion_energy</c>, <c>mean_dx/dy</c>) are the rhythm member's, so the
/// tempo and beat phase come from their periodicity;</item>
/// <item>energy: those slots are scaled by the energy members' mean motion level over the rhythm member's (levels are
/// 2 s running means), so the dynamics follow the energy members while the shape stays the rhythm member's; a still
/// rhythm member (level under <see cref="StillLevel"/>) hands the motion slots to the energy members;</item>
/// <item>harmony: the face slots (<c>face.*</c>, <c>expr.*</c>) of the first harmony candidate whose face is seen;</item>
/// <item>melody: the pose slots (<c>pose.*</c>) of the first melody candidate whose body is seen.</item>
/// </list>
/// A layout without face or pose slots simply has nothing to merge there.
/// </summary>
public sealed class RoleMerge
{
    /// <summary>A motion level (image widths per second) below which a member counts as still.</summary>
    public const double StillLevel = 0.012;

    /// <summary>The running mean's time constant in ticks (2 s).</summary>
    private const double LevelTicks = 2.0 * Expotion.Core.TimeGrid.RateHz;

    private readonly int _dims;
    private readonly int _motionEnergy;
    private readonly int[] _motion;
    private readonly int[] _face;
    private readonly int[] _pose;
    private readonly int _facePresent;
    private readonly int _posePresent;
    private readonly Dictionary<int, double> _levels = [];

    /// <param name="dims">The row width.</param>
    /// <param name="names">A name per value, or none (then every value counts as motion).</param>
    public RoleMerge(int dims, IReadOnlyList<string> names, int motionEnergyIndex)
    {
        _dims = dims;
        _motionEnergy = motionEnergyIndex;
        var groups = Enumerable.Range(0, dims).ToLookup(i => names.Count == dims ? Group(names[i]) : 'm');
        _motion = [.. groups['m']];
        _face = [.. groups['f']];
        _pose = [.. groups['p']];
        _facePresent = IndexOf(names, "face.present");
        _posePresent = IndexOf(names, "pose.present");
    }

    public int Dims => _dims;

    /// <summary>A member's 2 s motion level (0 before their first row).</summary>
    public double Level(int member) => _levels.GetValueOrDefault(member);

    /// <summary>Feeds a member's newest row into their running level; once per tick per member with a row.</summary>
    public void Observe(int member, ReadOnlySpan<float> row)
    {
        var energy = _motionEnergy >= 0 ? Math.Max(0, row[_motionEnergy]) : 0;
        _levels[member] = _levels.TryGetValue(member, out var level) ? level + (energy - level) / LevelTicks : energy;
    }

    public void Forget(int member) => _levels.Remove(member);

    /// <summary>One grid point: feeds every member's row into their level (<see cref="Observe"/>), then merges them
    /// (<see cref="Merge"/>). The live session and the offline ensemble both step through this.</summary>
    public float[] Step(IReadOnlyDictionary<int, float[]> rows, EnsembleRoster roster)
    {
        foreach (var (id, row) in rows) Observe(id, row);
        return Merge(rows, roster);
    }

    /// <summary>The merged row.</summary>
    /// <param name="rows">Each member's newest row (members with none are absent).</param>
    /// <param name="roster">Who drives what.</param>
    public float[] Merge(IReadOnlyDictionary<int, float[]> rows, EnsembleRoster roster)
    {
        var merged = new float[_dims];
        var rhythm = First(roster.Candidates(EnsembleRole.Rhythm), rows, _ => true);
        var energy = roster.Candidates(EnsembleRole.Energy).Where(m => rows.ContainsKey(m.Id)).Select(m => m.Id).ToList();
        if (rhythm is { } r)
        {
            var energyLevel = energy.Count > 0 ? energy.Average(Level) : Level(r);
            if (Level(r) >= StillLevel || energy.Count == 0)
            {
                var scale = energy.Count == 0 || (energy.Count == 1 && energy[0] == r) ? 1.0 : Math.Clamp(energyLevel / Math.Max(Level(r), StillLevel), 0, 8);
                Copy(rows[r], merged, _motion, scale);
            }
            else
            {
                // The rhythm member is still: the energy members' own motion carries the piece.
                foreach (var e in energy) Add(rows[e], merged, _motion, 1.0 / energy.Count);
            }
        }
        if (First(roster.Candidates(EnsembleRole.Harmony), rows, row => _facePresent >= 0 && row[_facePresent] > 0.5f) is { } h)
            Copy(rows[h], merged, _face, 1);
        if (First(roster.Candidates(EnsembleRole.Melody), rows, row => _posePresent >= 0 && row[_posePresent] > 0.5f) is { } m)
            Copy(rows[m], merged, _pose, 1);
        return merged;
    }

    private static int? First(IReadOnlyList<RosterMember> candidates, IReadOnlyDictionary<int, float[]> rows, Func<float[], bool> usable)
    {
        foreach (var c in candidates)
            if (rows.TryGetValue(c.Id, out var row) && usable(row)) return c.Id;
        return null;
    }

    private static void Copy(float[] from, float[] to, int[] indices, double scale)
    {
        foreach (var i in indices) to[i] = (float)(from[i] * scale);
    }

    private static void Add(float[] from, float[] to, int[] indices, double weight)
    {
        foreach (var i in indices) to[i] += (float)(from[i] * weight);
    }

    private static char Group(string name) =>
        name.StartsWith("face.", StringComparison.Ordinal) || name.StartsWith("expr.", StringComparison.Ordinal) ? 'f'
        : name.StartsWith("pose.", StringComparison.Ordinal) ? 'p' : 'm';

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }
}
