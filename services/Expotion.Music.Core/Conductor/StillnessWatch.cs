using Expotion.Core;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Judges stillness on the raw 50 Hz motion energy, so that the music thins out within half a second of a stop
/// rather than waiting for the smoothed level to decay; after a second of stillness it waits for the first new
/// stroke, which re-anchors the beat grid (the parts come back on the performer's beat).
/// </summary>
internal sealed class StillnessWatch
{
    /// <summary>Raw energy below this counts as no motion.</summary>
    public const double QuietEnergy = 0.012;

    /// <summary>After this many quiet ticks (0.5 s) the performer is still: the parts drop out at once, the pad holds.</summary>
    public const int StillTicks = TimeGrid.RateHz / 2;

    /// <summary>After this many quiet ticks (1 s) the next stroke re-anchors the beat grid.</summary>
    public const int RestartTicks = TimeGrid.RateHz;

    private int _quietTicks;
    private bool _awaitingRestart;
    private double _strokeMark = double.NaN;

    /// <summary>Whether the performer is still now.</summary>
    public bool Still => _quietTicks >= StillTicks;

    /// <summary>
    /// Adds one tick's raw energy and the latest confirmed stroke (s, NaN for none); returns the time (s) of a
    /// stroke that ends a long stillness (the grid should be anchored on it), else NaN.
    /// </summary>
    public double Push(double energy, double lastStrokeSeconds)
    {
        _quietTicks = energy < QuietEnergy ? _quietTicks + 1 : 0;
        if (_quietTicks >= RestartTicks && !_awaitingRestart)
        {
            _awaitingRestart = true;
            _strokeMark = lastStrokeSeconds;
        }
        if (_awaitingRestart && _quietTicks == 0 && double.IsFinite(lastStrokeSeconds) && !lastStrokeSeconds.Equals(_strokeMark))
        {
            _awaitingRestart = false;
            return lastStrokeSeconds;
        }
        return double.NaN;
    }
}
