namespace Expotion.Music.Core.Rendering;

/// <summary>A channel message at a frame offset inside the block being rendered.</summary>
/// <param name="Frame">Offset in frames from the start of the block.</param>
/// <param name="Kind">Which message.</param>
/// <param name="Channel">MIDI channel 0..15 (9 is the General MIDI drum channel).</param>
/// <param name="Data1">Key, controller or program number.</param>
/// <param name="Data2">Velocity or controller value; unused for note off and program change.</param>
public readonly record struct MidiEvent(int Frame, MidiEventKind Kind, int Channel, int Data1, int Data2)
{
    public static MidiEvent NoteOn(int frame, int channel, int key, int velocity) =>
        new(frame, MidiEventKind.NoteOn, channel, key, velocity);

    public static MidiEvent NoteOff(int frame, int channel, int key) =>
        new(frame, MidiEventKind.NoteOff, channel, key, 0);

    public static MidiEvent ControlChange(int frame, int channel, int controller, int value) =>
        new(frame, MidiEventKind.ControlChange, channel, controller, value);

    public static MidiEvent ProgramChange(int frame, int channel, int program) =>
        new(frame, MidiEventKind.ProgramChange, channel, program, 0);
}
