using Expotion.Core;
using Expotion.Music.Core.Rendering;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// The state of one conductor stream. Conditions are consumed as 50 Hz control ticks; each tick updates
/// the energy, tempo and mood followers and arranges every beat that starts inside it. Audio blocks are
/// rendered as soon as all ticks they cover have been processed, and the musical events inside a block
/// are emitted just before it, in time order.
/// </summary>
internal sealed class ConductorSession : IDisposable
{
    /// <summary>Most silent ticks that may precede the first condition (ten minutes).</summary>
    public const long MaxLeadingTicks = 10 * 60 * TimeGrid.RateHz;

    private readonly MusicSettings _settings;
    private readonly PromptReading _reading;
    private readonly SoundFontRenderer _renderer;
    private readonly NoteScheduler _notes = new();
    private readonly Arranger _arranger;
    private readonly TempoTracker _tempo;
    private readonly EnergyFollower _energy = new();
    private readonly MotionRange _range = new();
    private readonly GestureAccents _accents = new();
    private readonly MoodFollower _mood;
    private readonly List<(long Frame, long Seq, MusicOutput Output)> _outputs = [];
    private readonly List<MidiEvent> _blockEvents = [];
    private readonly int _rate;
    private readonly int _channels;
    private readonly int _chunkFrames;
    private readonly long _chunkUs;
    private readonly int _motionIndex;
    private readonly float[] _silence;
    private readonly BeatClock _clock;
    private readonly StillnessWatch _stillness = new();
    private float[] _lastValues;
    private long _seq;
    private long _lastIndex = -1;
    private long _blocks;
    private bool _tempoChanged;
    private double _answerLevel = double.NaN;
    private readonly ReturnStroke _returning = new();
    private bool _accentAnswered;
    private double _level;

    public ConductorSession(MusicSettings settings, SoundFont soundFont, ConductorOptions options)
    {
        _settings = settings;
        _rate = settings.SampleRate;
        _channels = settings.Channels;
        _chunkFrames = settings.ChunkFrames;
        _chunkUs = settings.ChunkMs * 1000L;
        _motionIndex = settings.Layout.MotionEnergyIndex;
        _silence = new float[settings.Layout.Dims];
        _lastValues = _silence;

        _reading = PromptStyle.Read(settings.Prompt);
        _tempo = new TempoTracker(_reading.Bpm, _reading.TempoSource, _reading.TempoPriorWidth,
            playableRange: _reading.TempoSource == "default" ? (_reading.Style.TempoMin, _reading.Style.TempoMax) : null);
        _mood = new MoodFollower(settings.Layout);
        _arranger = Arranger.ForPrompt(_reading, settings.Seed, settings.Prompt, _notes);
        var key = _arranger.Key;
        _renderer = new SoundFontRenderer(soundFont, _rate, options.Gain, options.Reverb, options.Chorus);
        _clock = new BeatClock(_rate, _tempo.Bpm);

        _arranger.Start(0);
        Emit(0, new StyleEvent(0, _reading.Style.Name, _reading.Reason, key.Name));
        Emit(0, new TempoEvent(0, _tempo.Bpm, _tempo.Confidence, _tempo.Source));
    }

    /// <summary>How long creating this stream's synth took.</summary>
    public TimeSpan SynthCreateTime => _renderer.CreateTime;

    /// <summary>Validates and consumes one condition.</summary>
    public void Accept(in Condition condition)
    {
        if (condition.Values is null)
            throw new InvalidInputException("condition.values", $"condition {condition.Index} has no values");
        if (condition.Values.Length != _settings.Layout.Dims)
            throw new InvalidInputException("condition.values",
                $"condition {condition.Index} has {condition.Values.Length} values; the layout '{_settings.Layout.SchemaId}' has {_settings.Layout.Dims}");
        if (condition.Index < 0)
            throw new InvalidInputException("condition.index", $"{condition.Index} is negative");
        if (_lastIndex >= 0 && condition.Index != _lastIndex + 1)
            throw new InvalidInputException("condition.index", condition.Index <= _lastIndex
                ? $"{condition.Index} goes backwards after {_lastIndex}"
                : $"{condition.Index} skips from {_lastIndex}; conditions must be contiguous");
        if (condition.PtsUs != condition.Index * TimeGrid.PeriodUs)
            throw new InvalidInputException("condition.pts_us",
                $"{condition.PtsUs} for index {condition.Index}; expected {condition.Index * TimeGrid.PeriodUs}");
        if (_lastIndex < 0 && condition.Index > MaxLeadingTicks)
            throw new LimitExceededException("condition.first_index",
                $"the first condition is {condition.Index}; at most {MaxLeadingTicks} (ten minutes) may precede it");

        while (_clock.Ticks < condition.Index) Tick(_silence);
        _lastIndex = condition.Index;
        _lastValues = condition.Values;
        Tick(condition.Values);
    }

    /// <summary>Renders the next block if every tick it covers has been processed; adds its events and audio to <paramref name="into"/>.</summary>
    public bool TryRender(List<MusicOutput> into)
    {
        if (_clock.Ticks * TimeGrid.PeriodUs < (_blocks + 1) * _chunkUs) return false;
        RenderBlock(into, tail: false);
        return true;
    }

    /// <summary>At the end of the input: renders up to the end of the last condition, rounded up to a block, then one block of release.</summary>
    public void Finish(List<MusicOutput> into)
    {
        if (_lastIndex < 0) return;
        var endUs = (_lastIndex + 1) * TimeGrid.PeriodUs;
        var total = (endUs + _chunkUs - 1) / _chunkUs;
        while (_blocks < total)
        {
            while (_clock.Ticks * TimeGrid.PeriodUs < (_blocks + 1) * _chunkUs) Tick(_lastValues);
            RenderBlock(into, tail: false);
        }
        RenderBlock(into, tail: true);
    }

    private void Tick(ReadOnlySpan<float> values)
    {
        var (tick, tickFrame, tickEnd) = _clock.BeginTick();
        // The footage's scale is judged here, once: every consumer below reads the ranged energy.
        var energy = (float)_range.Push(_motionIndex >= 0 ? values[_motionIndex] : 0f);
        _mood.Push(values);
        _energy.Push(energy, _mood.LevelBoost);
        var surge = _accents.Push(energy);
        if (_tempo.Push(energy))
        {
            _tempoChanged = true;
            // A change read from the strokes is two beats old already: the grid takes it now, through that stroke,
            // its next beat at least half a new beat after the last one placed (the event goes out on that beat).
            if (double.IsFinite(_tempo.ChangedOnStroke))
            {
                _clock.SetTempo(_tempo.Bpm);
                _clock.Anchor(_tempo.ChangedOnStroke * _rate, Math.Max(tickEnd, _clock.LastBeatFrame + 0.5 * _clock.PeriodFrames));
            }
        }

        var (change, strokePeak) = _stillness.Push(energy, _tempo.Strokes.LastStrokeSeconds, _clock.PeriodFrames / _rate * TimeGrid.RateHz);
        var at = (long)Math.Round(tickFrame);
        switch (change)
        {
            case MotionChange.Stop:
                // The first quiet tick that is not a dip of the gesture: the parts drop at once, the pad holds.
                _arranger.Thin(at, thin: true);
                break;
            case MotionChange.Resume:
                _arranger.Thin(at, thin: false);
                break;
            case MotionChange.Return:
                _arranger.Thin(at, thin: false);
                _returning.Begin(tick, energy);
                break;
        }
        if (_returning.Push(tick, energy) is var (peakTick, peakEnergy))
        {
            // A stroke after stillness is answered on its peak, at most 40 ms after the tick that showed it: on the peak's
            // tick itself if no audio from there has been rendered yet, else on this tick; the grid starts there (a downbeat).
            var answerAt = Math.Max((long)Math.Round(_clock.FrameOf(peakTick)), _blocks * _chunkFrames);
            _energy.Raise(peakEnergy, _mood.LevelBoost);
            _clock.AnchorDownbeat(answerAt);
            _answerLevel = Math.Clamp(peakEnergy / (peakEnergy + EnergyFollower.HalfLevelEnergy), 0, 1);
        }
        if (surge && !_stillness.Stopped && !_returning.Waiting && change == MotionChange.None)
        {
            // A large gesture in motion is answered on the tick it surges; the beat it leads into is still accented.
            _arranger.Answer(at, Math.Clamp(energy / (energy + EnergyFollower.HalfLevelEnergy), 0, 1), _clock.PeriodFrames);
            _accentAnswered = true;
        }
        // Once the returning stroke's peak is confirmed, the grid moves from its start onto its peak.
        if (double.IsFinite(strokePeak)) _clock.Anchor(strokePeak * _rate, tickEnd);
        _level = _stillness.Stopped ? Math.Min(_energy.Level, 0.05) : _energy.Level;
        if (tick % 5 == 0) _arranger.Express((long)Math.Round(tickFrame), _level);
        while (_clock.BeatDue(tickEnd)) PlaceBeat();
        if (tick % 10 == 0)
        {
            Emit((long)Math.Round(tickFrame), new DynamicsEvent(tick * TimeGrid.PeriodUs,
                (float)_energy.Energy, (float)Dynamics.Velocity(_level), (float)_level));
        }
    }

    private void PlaceBeat()
    {
        var frame = _clock.NextBeatFrame;
        var at = (long)Math.Round(frame);
        if (_tempoChanged)
        {
            _tempoChanged = false;
            _clock.SetTempo(_tempo.Bpm);
            Emit(at, new TempoEvent(PtsUs(at), _tempo.Bpm, _tempo.Confidence, _tempo.Source));
        }
        var beatIndex = _clock.BeatIndex;
        var beatInBar = (int)(beatIndex % 4);
        var bar = beatIndex / 4;
        if (beatInBar == 0 && _mood.HasValence && !_reading.TonalityFromPrompt)
            _arranger.Request(_mood.Suggest(_arranger.Key.Tonality));

        var answer = _answerLevel;
        _answerLevel = double.NaN;
        var accent = _accents.Beat() || double.IsFinite(answer);
        var period = _clock.PeriodFrames;
        var arranged = _arranger.Beat(new BeatContext(beatIndex, bar, beatInBar, frame, period, _level, accent, _accentAnswered));
        _accentAnswered = false;
        if (double.IsFinite(answer)) _arranger.Answer(at, answer, period);
        if (arranged.KeyChanged)
            Emit(at, new StyleEvent(PtsUs(at), _reading.Style.Name,
                $"expression: valence {_mood.Valence:+0.00;-0.00} -> {_arranger.Key.Tonality.ToString().ToLowerInvariant()}", _arranger.Key.Name));
        if (arranged.NewChord is { } chord)
            Emit(at, new ChordEvent(PtsUs(at), chord.Name, 48 + chord.RootPc, arranged.Voicing.ToArray()));
        Emit(at, new BeatEvent(PtsUs(at), beatIndex, (int)bar, beatInBar, accent));

        _clock.Advance(_tempo.Strokes.Phase(frame / _rate, period / _rate));
    }

    private void RenderBlock(List<MusicOutput> into, bool tail)
    {
        var start = _blocks * _chunkFrames;
        var end = start + _chunkFrames;
        _blockEvents.Clear();
        if (tail)
        {
            _outputs.Clear();
            _notes.ReleaseAll(_blockEvents);
        }
        else
        {
            _notes.TakeUntil(end, start, _blockEvents);
            TakeOutputs(end, into);
        }
        var samples = new float[_chunkFrames * _channels];
        _renderer.Render(samples, _channels, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_blockEvents));
        SoftClip.Apply(samples);
        if (tail) SoftClip.FadeOut(samples, _channels);
        into.Add(new AudioBlock(_blocks * _chunkUs, _rate, _channels, samples));
        _blocks++;
    }

    private void TakeOutputs(long endFrame, List<MusicOutput> into)
    {
        var due = _outputs.Where(o => o.Frame < endFrame).OrderBy(o => o.Frame).ThenBy(o => o.Seq).ToList();
        if (due.Count == 0) return;
        _outputs.RemoveAll(o => o.Frame < endFrame);
        foreach (var o in due) into.Add(o.Output);
    }

    private void Emit(long frame, MusicOutput output) => _outputs.Add((frame, _seq++, output));

    private long PtsUs(long frame) => (long)Math.Round(frame * 1_000_000.0 / _rate);

    public void Dispose() => _renderer.Dispose();
}
