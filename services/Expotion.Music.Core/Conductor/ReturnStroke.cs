namespace Expotion.Music.Core.Conductor;

/// <summary>
/// The stroke that ends a stillness, from its first moving tick to its peak: the answer should sound on the
/// stroke's peak (where the motion's beat is), but not more than <see cref="MaxWaitTicks"/> after the tick that
/// showed it. The peak is the tick before the energy first falls, or the largest tick so far once the wait is over.
/// </summary>
internal sealed class ReturnStroke
{
    /// <summary>How long the answer may wait for the stroke's peak (2 ticks, 40 ms).</summary>
    public const int MaxWaitTicks = 2;

    private long _from = -1;
    private long _peakTick;
    private double _peak;

    /// <summary>Whether a returning stroke is waiting for its peak.</summary>
    public bool Waiting => _from >= 0;

    /// <summary>A stroke after stillness starts on <paramref name="tick"/>.</summary>
    public void Begin(long tick, double energy) => (_from, _peakTick, _peak) = (tick, tick, energy);

    /// <summary>Adds a tick's energy; once the stroke has peaked (or the wait is over), returns its peak tick and energy, once.</summary>
    public (long Tick, double Energy)? Push(long tick, double energy)
    {
        if (_from < 0) return null;
        if (tick > _from && energy < _peak || tick - _from >= MaxWaitTicks)
        {
            if (energy > _peak) (_peakTick, _peak) = (tick, energy);
            _from = -1;
            return (_peakTick, _peak);
        }
        if (energy > _peak) (_peakTick, _peak) = (tick, energy);
        return null;
    }
}
