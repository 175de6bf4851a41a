namespace Expotion.Music.Core.Rendering;

/// <summary>A fluidsynth call failed; the message carries the call and fluidsynth's own error line.</summary>
public sealed class FluidSynthException(string message) : Exception(message);
