namespace Expotion.Music.Core.Conductor;

/// <summary>The parts of an <see cref="Instrumentation"/>.</summary>
public enum InstrumentPart { Pad, Comp, Bass, Lead, Drums }
