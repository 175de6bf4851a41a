namespace Expotion.Music.Core.Conductor;

/// <summary>What the arranger decided at one beat: the new chord (null if unchanged) with its pad voicing, and whether the key changed.</summary>
internal readonly record struct ArrangedBeat(Chord? NewChord, IReadOnlyList<int> Voicing, bool KeyChanged);
