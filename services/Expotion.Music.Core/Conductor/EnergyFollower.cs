using Expotion.Core;
namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Smooths the 50 Hz motion energy (fast attack, slow release) and maps it to a musical level in 0..1 with
/// the soft curve e / (e + 0.08): about 0.4 for a gently dancing upper body, 0.8 for vigorous motion.
/// </summary>
public sealed class EnergyFollower
{
    /// <summary>The energy (image widths per second) that maps to level 0.5.</summary>
    public const double HalfLevelEnergy = 0.08;

    private readonly double _attack = 1 - Math.Exp(-1.0 / (0.25 * TimeGrid.RateHz));
    private readonly double _release = 1 - Math.Exp(-1.0 / (1.2 * TimeGrid.RateHz));

    /// <summary>Smoothed energy.</summary>
    public double Energy { get; private set; }

    /// <summary>Musical level 0..1 (plus any boost given with <see cref="Push"/>).</summary>
    public double Level { get; private set; }

    /// <summary>A stroke after stillness: the smoothed energy jumps to at least <paramref name="energy"/> at once (no attack).</summary>
    public void Raise(double energy, double boost = 0)
    {
        if (!double.IsFinite(energy) || energy <= Energy) return;
        Energy = energy;
        Level = Math.Clamp(Energy / (Energy + HalfLevelEnergy) + boost, 0, 1);
    }

    /// <summary>Adds one sample; <paramref name="boost"/> (e.g. from arousal) is added to the level.</summary>
    public void Push(double energy, double boost = 0)
    {
        if (!double.IsFinite(energy) || energy < 0) energy = 0;
        Energy += (energy > Energy ? _attack : _release) * (energy - Energy);
        Level = Math.Clamp(Energy / (Energy + HalfLevelEnergy) + boost, 0, 1);
    }
}
