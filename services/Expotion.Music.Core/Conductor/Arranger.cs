namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Turns beats into notes for five parts on General MIDI channels: pad (1), comping (2), bass (3),
/// lead (4) and drums (10). Harmony comes from <see cref="HarmonyPlanner"/>, the melody from
/// <see cref="MelodyWriter"/>; every part reads the motion level of the beat it plays on, so the music
/// thins out to a held pad when the performer is still and comes back on the next beat when they move.
/// The programs come from the prompt's <see cref="PromptReading.Instruments"/>; a part without one does not play.
/// </summary>
internal sealed class Arranger
{
    public const int PadChannel = 0, CompChannel = 1, BassChannel = 2, LeadChannel = 3, DrumChannel = 9;

    private readonly Style _style;
    private readonly Instrumentation _instruments;
    private readonly NoteScheduler _notes;
    private readonly HarmonyPlanner _harmony;
    private readonly MelodyWriter _melody;
    private readonly PadWriter _pad;
    private readonly BassWriter _bass;
    private readonly CompWriter _comp;
    private readonly DrumWriter _drums;
    private IReadOnlyList<PlannedNote> _melodyPlan = [];
    private bool _high;

    public Arranger(Style style, Instrumentation instruments, MusicalKey key, SeededRandom rng, NoteScheduler notes)
    {
        _style = style;
        _instruments = instruments;
        _notes = notes;
        _harmony = new HarmonyPlanner(style, key, rng.Fork());
        _melody = new MelodyWriter(style, rng.Fork());
        _pad = new PadWriter(style, notes, PadChannel, sounding: instruments.Pad is not null);
        _bass = new BassWriter(style, notes, rng.Fork(), BassChannel);
        _comp = new CompWriter(style, notes, rng.Fork(), CompChannel);
        _drums = new DrumWriter(style, notes, rng.Fork(), DrumChannel);
    }

    /// <summary>The arranger of a stream: the prompt's style and instruments in the prompt's key, seeded by seed and prompt.</summary>
    public static Arranger ForPrompt(PromptReading reading, ulong seed, string prompt, NoteScheduler notes) =>
        new(reading.Style, reading.Instruments, reading.Key(seed, prompt), SeededRandom.From(seed, "arrange:" + prompt), notes);

    public MusicalKey Key => _harmony.Key;

    public Chord? Chord => _harmony.Current;

    /// <summary>Drum tier now (0 none .. 3 full).</summary>
    public int DrumTier => _drums.Tier;

    /// <summary>Programs, volumes, pans and reverb sends at the start of the stream.</summary>
    public void Start(long frame)
    {
        var i = _instruments;
        Setup(frame, PadChannel, i.Pad, volume: 88, pan: 52);
        Setup(frame, CompChannel, i.Comp, volume: 92, pan: 78);
        Setup(frame, BassChannel, i.Bass, volume: 104, pan: 64);
        Setup(frame, LeadChannel, i.Lead, volume: 98, pan: 60);
        Setup(frame, DrumChannel, i.DrumKit, volume: 108, pan: 64);
    }

    /// <summary>Asks for a tonality from the next phrase on (expression).</summary>
    public void Request(Tonality tonality) => _harmony.Request(tonality);

    /// <summary>Follows the level between beats (pad expression).</summary>
    public void Express(long frame, double level) => _pad.Express(frame, level);

    /// <summary>Expression (CC11) of the parts other than the pad while the motion has stopped: about −20 dB.</summary>
    public const int ThinExpression = 40;

    /// <summary>
    /// The motion stopped (<paramref name="thin"/>) or came back: the parts other than the pad drop to
    /// <see cref="ThinExpression"/> at <paramref name="frame"/>, notes already sounding included, or come back to full.
    /// </summary>
    public void Thin(long frame, bool thin)
    {
        var value = thin ? ThinExpression : 127;
        if (_instruments.Comp is not null) _notes.ControlChange(frame, CompChannel, 11, value);
        if (_instruments.Bass is not null) _notes.ControlChange(frame, BassChannel, 11, value);
        if (_instruments.Lead is not null) _notes.ControlChange(frame, LeadChannel, 11, value);
        if (_instruments.DrumKit is not null) _notes.ControlChange(frame, DrumChannel, 11, value);
    }

    /// <summary>
    /// The answer to a stroke after stillness, at <paramref name="frame"/>: a crash and a kick where there are drums,
    /// and a short stab of the current chord (the pad's voicing) on the comping part, else on the lead, the bass (its root)
    /// or the pad, at a velocity from the stroke's <paramref name="level"/>. Called after the beat at the same frame is
    /// arranged, so that the stab plays that beat's chord.
    /// </summary>
    public void Answer(long frame, double level, double periodFrames)
    {
        var velocity = Math.Clamp((int)Math.Round(127 * Dynamics.Velocity(level) * 1.1), 1, 127);
        var beat = Math.Max(1, (long)Math.Round(periodFrames));
        if (_instruments.DrumKit is not null)
        {
            _notes.NoteOn(frame, DrumChannel, DrumPattern.Crash, velocity, 2 * beat);
            _notes.NoteOn(frame, DrumChannel, DrumPattern.Kick, velocity, beat / 4);
        }
        var channel = _instruments.Comp is not null ? CompChannel
            : _instruments.Lead is not null ? LeadChannel
            : _instruments.Bass is not null ? BassChannel
            : _instruments.Pad is not null ? PadChannel : -1;
        if (channel < 0 || _harmony.Current is not { } chord) return;
        IReadOnlyList<int> keys = channel == BassChannel ? [BassWriter.Root(chord.RootPc)]
            : _pad.Voicing.Count > 0 ? _pad.Voicing : [48 + chord.RootPc];
        foreach (var key in keys) _notes.NoteOn(frame, channel, key, velocity, beat / 2);
    }

    /// <summary>Arranges one beat.</summary>
    public ArrangedBeat Beat(in BeatContext beat)
    {
        var chordChanged = false;
        var keyChanged = false;
        if (beat.BeatInBar == 0)
        {
            (chordChanged, keyChanged) = _harmony.NextBar(hold: beat.Level < Dynamics.StillLevel);
            if (chordChanged) _pad.Change((long)Math.Round(beat.Frame), _harmony.Current!);
            _high = _high ? beat.Level > 0.65 : beat.Level > 0.72;
            _melodyPlan = _melody.PlanBar(_harmony.PhraseBar, _harmony.Current!, _harmony.Key, beat.Level, _high);
        }
        var chord = _harmony.Current!;
        if (_instruments.DrumKit is not null) _drums.Beat(beat);
        if (_instruments.Bass is not null) _bass.Beat(beat, chord, _harmony.Next, chordChanged);
        if (_instruments.Comp is not null) _comp.Beat(beat, chord, chordChanged);
        if (_instruments.Lead is not null && beat.Level >= _style.MelodyGate)
            foreach (var note in _melodyPlan)
            {
                if (note.Step / 4 != beat.BeatInBar) continue;
                _notes.NoteOn(beat.StepFrame(note.Step, _style), LeadChannel, note.Key,
                    beat.Velocity(note.Accent, 0.95), beat.Frames(note.Length * _style.LeadLegato));
            }
        return new ArrangedBeat(chordChanged ? chord : null, _pad.Voicing, keyChanged);
    }

    private void Setup(long frame, int channel, int? program, int volume, int pan)
    {
        if (program is null) return;
        _notes.ProgramChange(frame, channel, program.Value);
        _notes.ControlChange(frame, channel, 7, volume);
        _notes.ControlChange(frame, channel, 10, pan);
        _notes.ControlChange(frame, channel, 91, _style.Reverb);
        _notes.ControlChange(frame, channel, 93, 0);
    }
}
