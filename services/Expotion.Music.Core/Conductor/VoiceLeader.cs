namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Voices chords inside a register with smooth voice leading: among all placements of the chord's pitch
/// classes (9ths drop the fifth, then the root) it picks the one that moves the voices least from the
/// previous chord, avoiding wide spreads, semitone clashes and muddy low intervals. Deterministic: ties go
/// to the first placement found.
/// </summary>
public sealed class VoiceLeader
{
    private readonly int _low;
    private readonly int _high;
    private int[]? _previous;

    public VoiceLeader(int low, int high)
    {
        if (high - low < 12) throw new ArgumentException("the register must span at least an octave");
        _low = low;
        _high = high;
    }

    /// <summary>The last voicing returned, or null.</summary>
    public IReadOnlyList<int>? Previous => _previous;

    /// <summary>Voices <paramref name="chord"/> near the previous voicing; returns MIDI notes, lowest first.</summary>
    public int[] Voice(Chord chord)
    {
        var intervals = chord.Intervals.ToList();
        if (intervals.Count >= 5) intervals.Remove(7);
        if (intervals.Count >= 5) intervals.Remove(0);
        var pcs = intervals.Select(i => MusicalKey.Mod(chord.RootPc + i, 12)).Distinct().ToArray();
        if (pcs.Length == 1) pcs = [pcs[0], MusicalKey.Mod(pcs[0] + 7, 12)];

        var candidates = pcs.Select(pc => Enumerable.Range(_low, _high - _low + 1).Where(p => p % 12 == pc).ToArray()).ToArray();
        var current = new int[pcs.Length];
        int[]? best = null;
        var bestCost = double.PositiveInfinity;
        Search(0);
        _previous = best!;
        return best!;

        void Search(int voice)
        {
            if (voice == pcs.Length)
            {
                var notes = (int[])current.Clone();
                Array.Sort(notes);
                var cost = Cost(notes);
                if (cost < bestCost) (best, bestCost) = (notes, cost);
                return;
            }
            foreach (var p in candidates[voice])
            {
                current[voice] = p;
                Search(voice + 1);
            }
        }
    }

    /// <summary>A power chord (root, fifth, octave) with its root as low as the register allows.</summary>
    public int[] Power(Chord chord)
    {
        var root = _low + MusicalKey.Mod(chord.RootPc - _low, 12);
        _previous = [root, root + 7, root + 12];
        return _previous;
    }

    private double Cost(int[] notes)
    {
        var cost = 0.0;
        for (var i = 1; i < notes.Length; i++)
        {
            var gap = notes[i] - notes[i - 1];
            if (gap == 0) return double.PositiveInfinity;
            if (gap == 1) cost += 4;
            if (gap < 3 && notes[i - 1] < 50) cost += 3;
            else if (gap < 5 && notes[i - 1] < 48) cost += 2;
        }
        var span = notes[^1] - notes[0];
        if (span > 16) cost += (span - 16) * 1.5;
        var centre = 0.5 * (_low + _high);
        cost += 0.25 * Math.Abs(notes.Average() - centre);
        if (_previous is null) return cost + 0.25 * Math.Abs(notes.Average() - centre);

        var move = 0.0;
        if (_previous.Length == notes.Length)
            for (var i = 0; i < notes.Length; i++) move += Math.Abs(notes[i] - _previous[i]);
        else
            move = 0.5 * (notes.Sum(n => _previous.Min(p => Math.Abs(n - p))) + _previous.Sum(p => notes.Min(n => Math.Abs(n - p))));
        return cost + move + 0.5 * Math.Abs(notes[^1] - _previous[^1]);
    }
}
