namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Where the motion's peaks fall relative to a beat grid: <see cref="OffsetSeconds"/> &gt; 0 means they come
/// after the grid's beats. <see cref="Strength"/> in 0..1 says how consistently (0: no periodic motion).
/// </summary>
public readonly record struct BeatPhase(double OffsetSeconds, double Strength);
