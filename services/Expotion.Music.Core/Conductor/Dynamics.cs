namespace Expotion.Music.Core.Conductor;

/// <summary>How the motion level maps to loudness and activity.</summary>
public static class Dynamics
{
    /// <summary>Below this level the performer counts as still: the music thins out to the pad and holds.</summary>
    public const double StillLevel = 0.12;

    /// <summary>Loudness 0..1 for a level: 0.35 when still, 0.95 at full motion.</summary>
    public static double Velocity(double level) => 0.35 + 0.6 * Math.Clamp(level, 0, 1);
}
