namespace Expotion.Music.Core.Rendering;

/// <summary>The channel messages the renderer understands.</summary>
public enum MidiEventKind : byte
{
    NoteOn,
    NoteOff,
    ControlChange,
    ProgramChange,
}
