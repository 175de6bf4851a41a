namespace Expotion.Music.Core.Conductor;

/// <summary>
/// The melodic voice. Each eight-bar phrase states a new motif and develops it: statement, sequence on the
/// next chord, inversion, half cadence; return, displaced statement, retrograde, full cadence on the tonic.
/// Every bar is anchored on the chord tone nearest the last note, strong beats land on chord tones, and
/// the motion level decides how much is played (core notes only, the motif, or the motif with passing notes)
/// and in which octave.
/// </summary>
public sealed class MelodyWriter
{
    private const int LowestDegree = -2, HighestDegree = 9, HighestKey = 93;

    private readonly Style _style;
    private readonly SeededRandom _rng;
    private Motif? _motif;
    private int _last = 2;

    public MelodyWriter(Style style, SeededRandom rng)
    {
        _style = style;
        _rng = rng;
    }

    /// <summary>The motif of the current phrase.</summary>
    public Motif? Motif => _motif;

    /// <summary>Plans one bar of melody.</summary>
    /// <param name="phraseBar">Bar inside the phrase, 0..7 (0..11 in a 12-bar style, whose last four bars develop like bars 4..7).</param>
    /// <param name="chord">The bar's chord.</param>
    /// <param name="key">The key.</param>
    /// <param name="density">0..1: below 0.45 only core notes, from 0.75 passing notes are added.</param>
    /// <param name="high">Play an octave higher.</param>
    public IReadOnlyList<PlannedNote> PlanBar(int phraseBar, Chord chord, MusicalKey key, double density, bool high)
    {
        if (phraseBar == 0 || _motif is null) _motif = Motif.Create(_style.MotifRhythms, _rng);
        if (phraseBar >= 8) phraseBar -= 4;
        var cadence = phraseBar is 3 or 7;
        var motif = phraseBar switch
        {
            2 => _motif.Inverted(),
            3 or 7 => _motif.FirstHalf(),
            5 => _motif.Displaced(2),
            6 => _motif.Retrograde(),
            _ => _motif,
        };

        var start = NearestChordDegree(_last, chord, key, 3);
        var degrees = motif.Contour.Select(d => start + d).ToList();
        var steps = motif.Steps.ToList();
        var lengths = motif.Lengths.ToList();
        var core = steps.Select((s, i) => i == 0 || s % 4 == 0).ToList();
        if (cadence)
        {
            var target = phraseBar == 7 ? NearestTonic(degrees[^1], chord, key) : NearestChordDegree(degrees[^1], chord, key, 2);
            steps.Add(8);
            lengths.Add(8);
            degrees.Add(target);
            core.Add(true);
        }

        var shift = degrees.Max() > HighestDegree ? -7 * ((degrees.Max() - HighestDegree + 6) / 7) : 0;
        if (degrees.Min() + shift < LowestDegree) shift += 7;
        for (var i = 0; i < degrees.Count; i++) degrees[i] += shift;
        for (var i = 0; i < degrees.Count; i++)
            if (steps[i] % 8 == 0) degrees[i] = NearestChordDegree(degrees[i], chord, key, 2);

        if (density >= 0.75) AddPassingNotes(steps, lengths, degrees, core);

        var tonicKey = 60 + MusicalKey.Mod(key.TonicPc, 12) + 12 * _style.LeadOctave;
        var pitches = degrees.Select(d => Pitch(tonicKey, d, chord, key)).ToArray();
        var lift = high && pitches.Max() + 12 <= HighestKey ? 12 : 0;
        var notes = new List<PlannedNote>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            if (density < 0.45 && !core[i]) continue;
            var accent = core[i] ? 1.0 : 0.85;
            notes.Add(new PlannedNote(steps[i], lengths[i], pitches[i] + lift, accent, core[i]));
        }
        _last = degrees[^1];
        return notes;
    }

    /// <summary>The MIDI key of a scale degree, bent a semitone to a chord tone the scale lacks (V in minor, bVII in major).</summary>
    internal static int Pitch(int tonicKey, int degree, Chord chord, MusicalKey key)
    {
        var pitch = tonicKey + key.DegreeOffset(degree);
        var pc = MusicalKey.Mod(pitch, 12);
        if (chord.Contains(pc)) return pitch;
        if (chord.Contains(pc + 1) && !key.Contains(pc + 1)) return pitch + 1;
        if (chord.Contains(pc - 1) && !key.Contains(pc - 1)) return pitch - 1;
        return pitch;
    }

    private static int NearestChordDegree(int from, Chord chord, MusicalKey key, int reach)
    {
        for (var distance = 0; distance <= reach; distance++)
        {
            if (chord.Contains(key.DegreePc(from - distance))) return from - distance;
            if (chord.Contains(key.DegreePc(from + distance))) return from + distance;
        }
        return from;
    }

    private static int NearestTonic(int from, Chord chord, MusicalKey key)
    {
        if (!chord.Contains(key.TonicPc)) return NearestChordDegree(from, chord, key, 3);
        var below = MusicalKey.FloorDiv(from, 7) * 7;
        return from - below <= 3 ? below : below + 7;
    }

    private static void AddPassingNotes(List<int> steps, List<int> lengths, List<int> degrees, List<bool> core)
    {
        for (var i = steps.Count - 2; i >= 0; i--)
        {
            var gap = steps[i + 1] - steps[i];
            if (gap < 4) continue;
            var at = steps[i] + gap / 2;
            var degree = degrees[i + 1] - degrees[i] is var d && Math.Abs(d) >= 2 ? degrees[i] + Math.Sign(d) : degrees[i] + 1;
            lengths[i] = Math.Min(lengths[i], at - steps[i]);
            steps.Insert(i + 1, at);
            lengths.Insert(i + 1, steps[i + 2] - at);
            degrees.Insert(i + 1, degree);
            core.Insert(i + 1, false);
        }
    }
}
