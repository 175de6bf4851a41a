using System.Diagnostics;

namespace Expotion.Music.Core.Rendering;

/// <summary>
/// One fluidsynth synth for one stream: renders a block of interleaved float audio while applying
/// channel messages at their frame offsets inside the block (fluidsynth itself applies them on its
/// 64-frame grid). Not thread-safe: one stream drives it.
/// </summary>
public sealed class SoundFontRenderer : IDisposable
{
    private readonly FluidSynthHandle _synth;
    private float[] _stereo = [];

    /// <param name="soundFont">The loaded SoundFont.</param>
    /// <param name="sampleRate">Output rate in Hz (8000..96000).</param>
    /// <param name="gain">fluidsynth's master gain (its default is 0.2).</param>
    /// <param name="reverb">Whether fluidsynth's reverb runs.</param>
    /// <param name="chorus">Whether fluidsynth's chorus runs.</param>
    public SoundFontRenderer(SoundFont soundFont, int sampleRate, float gain = 0.5f, bool reverb = true, bool chorus = false)
    {
        ArgumentNullException.ThrowIfNull(soundFont);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 96000);
        var clock = Stopwatch.StartNew();
        _synth = soundFont.CreateSynth(sampleRate, gain, reverb, chorus);
        CreateTime = clock.Elapsed;
        SampleRate = sampleRate;
    }

    /// <summary>Output rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>How long creating the synth and loading the SoundFont into it took.</summary>
    public TimeSpan CreateTime { get; }

    /// <summary>Voices sounding now.</summary>
    public int ActiveVoices => FluidSynth.ActiveVoiceCount(_synth);

    /// <summary>Applies one message now (its <see cref="MidiEvent.Frame"/> is ignored).</summary>
    public void Send(in MidiEvent e)
    {
        switch (e.Kind)
        {
            case MidiEventKind.NoteOn:
                FluidSynth.NoteOn(_synth, e.Channel, e.Data1, e.Data2);
                break;
            case MidiEventKind.NoteOff:
                FluidSynth.NoteOff(_synth, e.Channel, e.Data1); // FLUID_FAILED when the note already ended: fine
                break;
            case MidiEventKind.ControlChange:
                FluidSynth.ControlChange(_synth, e.Channel, e.Data1, e.Data2);
                break;
            case MidiEventKind.ProgramChange:
                FluidSynth.ProgramChange(_synth, e.Channel, e.Data1);
                break;
        }
    }

    /// <summary>Releases every sounding note on every channel (they still ring out through their release).</summary>
    public void AllNotesOff() => FluidSynth.AllNotesOff(_synth, -1);

    /// <summary>
    /// Renders <c>output.Length / channels</c> frames into <paramref name="output"/> (interleaved), applying
    /// <paramref name="events"/> (sorted by frame, offsets relative to the block) at their frames.
    /// </summary>
    public void Render(Span<float> output, int channels, ReadOnlySpan<MidiEvent> events)
    {
        if (channels is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 or 2");
        var frames = output.Length / channels;
        var cursor = 0;
        foreach (ref readonly var e in events)
        {
            var at = Math.Clamp(e.Frame, cursor, frames);
            if (at > cursor) Write(output, channels, cursor, at - cursor);
            cursor = at;
            Send(e);
        }
        if (frames > cursor) Write(output, channels, cursor, frames - cursor);
    }

    private unsafe void Write(Span<float> output, int channels, int offset, int frames)
    {
        if (channels == 2)
        {
            fixed (float* p = output)
                Check(FluidSynth.WriteFloat(_synth, frames, p, offset * 2, 2, p, offset * 2 + 1, 2));
            return;
        }
        if (_stereo.Length < frames * 2) _stereo = new float[frames * 2];
        fixed (float* p = _stereo)
            Check(FluidSynth.WriteFloat(_synth, frames, p, 0, 2, p, 1, 2));
        for (var i = 0; i < frames; i++)
            output[offset + i] = 0.5f * (_stereo[2 * i] + _stereo[2 * i + 1]);
    }

    private static void Check(int result)
    {
        if (result != FluidSynth.Ok)
            throw new FluidSynthException($"fluid_synth_write_float failed: {FluidSynthLibrary.TakeLastError()}");
    }

    public void Dispose() => _synth.Dispose();
}
