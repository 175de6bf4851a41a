namespace Expotion.Music.Core.Conductor;

/// <summary>A note planned inside a bar: sixteenth step, length in steps, MIDI key, accent 0..1, and whether it is a structural (core) note.</summary>
public readonly record struct PlannedNote(int Step, int Length, int Key, double Accent, bool Core);
