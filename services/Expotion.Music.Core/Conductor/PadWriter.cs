namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Sustained chords that change legato (common tones stay held), and whose loudness follows the level. A silent
/// pad (<paramref name="sounding"/> false: the instrumentation has none) still voices the chords, for the chord events.
/// </summary>
internal sealed class PadWriter(Style style, NoteScheduler notes, int channel, bool sounding = true)
{
    private readonly VoiceLeader _leader = new(style.VoicingLow, style.VoicingHigh);
    private int[] _sounding = [];
    private int _expression = -1;

    /// <summary>The notes of the pad now.</summary>
    public IReadOnlyList<int> Voicing => _sounding;

    public void Change(long frame, Chord chord)
    {
        var next = _leader.Voice(chord);
        if (!sounding)
        {
            _sounding = next;
            return;
        }
        foreach (var key in _sounding.Except(next)) notes.NoteOff(frame, channel, key);
        foreach (var key in next.Except(_sounding)) notes.NoteOn(frame, channel, key, 72, 0);
        _sounding = next;
    }

    /// <summary>Sets the pad's expression (CC11) for a level, when it moved by more than a step.</summary>
    public void Express(long frame, double level)
    {
        var value = (int)Math.Round(127 * (style.PadStill + (style.PadMoving - style.PadStill) * Math.Clamp(level, 0, 1)));
        if (!sounding || Math.Abs(value - _expression) < 2) return;
        _expression = value;
        notes.ControlChange(frame, channel, 11, value);
    }
}
