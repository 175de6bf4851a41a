namespace Expotion.Music.Core.Conductor;

/// <summary>Rhythmic chords (held hits, short stabs) or an arpeggio, on the style's sparse or busy pattern.</summary>
internal sealed class CompWriter(Style style, NoteScheduler notes, SeededRandom rng, int channel)
{
    private readonly VoiceLeader _leader = new(style.PowerChords ? 40 : style.VoicingLow, style.PowerChords ? 64 : style.VoicingHigh);
    private int[] _voicing = [];
    private int _arp;

    public void Beat(in BeatContext beat, Chord chord, bool chordChanged)
    {
        if (chordChanged || _voicing.Length == 0)
        {
            _voicing = style.PowerChords ? _leader.Power(chord) : _leader.Voice(chord);
            _arp = 0;
        }
        if (beat.Level < style.CompGate) return;
        var pattern = beat.Level >= style.CompGate + 0.3 ? style.Comp.High : style.Comp.Low;
        for (var step = beat.BeatInBar * 4; step < beat.BeatInBar * 4 + 4; step++)
        {
            var c = pattern[step];
            if (c is not ('x' or 's' or 'a')) continue;
            var frame = beat.StepFrame(step, style);
            var length = PartPattern.Length(pattern, step);
            var velocity = beat.Velocity(step % 4 == 0 ? 0.9 : 0.8, 0.8, rng.Next(5) - 2);
            if (c == 'a')
            {
                var arpeggio = _voicing.Append(_voicing[0] + 12).ToArray();
                var key = arpeggio[_arp++ % arpeggio.Length];
                notes.NoteOn(frame, channel, key, velocity, beat.Frames(Math.Max(length, 2)));
                continue;
            }
            var frames = c == 's' ? beat.Frames(0.6) : beat.Frames(length * 0.95);
            foreach (var key in _voicing) notes.NoteOn(frame, channel, key, velocity, frames);
        }
    }
}
