namespace Expotion.Music.Core.Conductor;

/// <summary>General MIDI programs (0-based) of a style's parts and the drum kit (a program on channel 10).</summary>
/// <param name="Pad">Sustained chords; the part that holds when the performer is still.</param>
/// <param name="Comp">Rhythmic chords or arpeggios.</param>
/// <param name="Bass">Bass line.</param>
/// <param name="Lead">The melodic voice.</param>
/// <param name="DrumKit">0 standard, 8 room, 16 power, 24 electronic, 25 TR-808, 32 jazz, 40 brush, 48 orchestra.</param>
public sealed record Instrumentation(int Pad, int Comp, int Bass, int Lead, int DrumKit);
