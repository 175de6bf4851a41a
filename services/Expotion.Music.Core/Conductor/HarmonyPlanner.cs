namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Walks the style's progressions one chord per bar, choosing a progression per phrase (<see cref="Style.PhraseBars"/>:
/// eight bars, twelve for a blues). When the
/// performer is still it holds a chord for a second bar. A requested change of tonality (from expression)
/// takes effect at the next phrase.
/// </summary>
public sealed class HarmonyPlanner
{
    private readonly Style _style;
    private readonly SeededRandom _rng;
    private IReadOnlyList<ChordSymbol> _current;
    private IReadOnlyList<ChordSymbol> _upcoming;
    private Tonality? _requested;
    private long _position = -1;
    private int _held;

    public HarmonyPlanner(Style style, MusicalKey key, SeededRandom rng)
    {
        _style = style;
        _rng = rng;
        PhraseBars = style.PhraseBars;
        Key = key;
        _current = Pick();
        _upcoming = Pick();
    }

    /// <summary>Bars per phrase (the style's).</summary>
    public int PhraseBars { get; }

    public MusicalKey Key { get; private set; }

    /// <summary>The chord of the current bar (null before the first bar).</summary>
    public Chord? Current { get; private set; }

    /// <summary>The current progression in roman numerals.</summary>
    public string Progression => string.Join(' ', _current);

    /// <summary>The chord the next bar will most likely have (for approach notes).</summary>
    public Chord Next
    {
        get
        {
            var next = _position + 1;
            var symbols = next % PhraseBars == 0 && next > 0 ? _upcoming : _current;
            return (next % PhraseBars == 0 && next > 0 ? symbols[0] : Cadenced((int)(next % PhraseBars))).In(Key);
        }
    }

    /// <summary>Asks for a tonality from the next phrase on.</summary>
    public void Request(Tonality tonality) => _requested = tonality == Key.Tonality ? null : tonality;

    /// <summary>Moves to the next bar. Returns whether the chord changed and whether the key changed.</summary>
    public (bool ChordChanged, bool KeyChanged) NextBar(bool hold)
    {
        if (Current is not null && hold && _held < 1)
        {
            _held++;
            return (false, false);
        }
        _held = 0;
        _position++;
        var keyChanged = false;
        if (_position % PhraseBars == 0 && _position > 0)
        {
            if (_requested is { } tonality)
            {
                Key = Key.WithTonality(tonality);
                _requested = null;
                keyChanged = true;
                _upcoming = Pick();
            }
            _current = _upcoming;
            _upcoming = Pick();
        }
        var chord = Cadenced((int)(_position % PhraseBars)).In(Key);
        var changed = Current is null || chord.Name != Current.Name;
        Current = chord;
        return (changed, keyChanged);
    }

    /// <summary>Bar index inside the phrase (0..<see cref="PhraseBars"/> − 1) of the current bar.</summary>
    public int PhraseBar => (int)(Math.Max(0, _position) % PhraseBars);

    /// <summary>
    /// The chord of bar <paramref name="phraseBar"/> of the current phrase: the progression's, except that the phrase's
    /// last bar is the dominant (a minor key's with its leading tone, V7; a major key's V, or V7 when the style's chords
    /// are sevenths), so that every phrase closes with a cadence into the tonic the next one opens on.
    /// </summary>
    private ChordSymbol Cadenced(int phraseBar)
    {
        var symbol = _current[phraseBar % _current.Count];
        if (phraseBar != PhraseBars - 1 || symbol.Offset == 7 && symbol.Intervals[1] == 4) return symbol;
        var sevenths = Key.Tonality == Tonality.Minor || _current.Any(c => c.Intervals.Count > 3);
        return sevenths ? Dominant7 : Dominant;
    }

    private static readonly ChordSymbol Dominant = ChordSymbol.Parse("V");
    private static readonly ChordSymbol Dominant7 = ChordSymbol.Parse("V7");

    private IReadOnlyList<ChordSymbol> Pick()
    {
        var list = Key.Tonality == Tonality.Major ? _style.MajorProgressions : _style.MinorProgressions;
        return ChordSymbol.ParseProgression(_rng.Pick(list));
    }
}
