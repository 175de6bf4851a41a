using Expotion.Core;

namespace Expotion.Music.Core.Conductor;

/// <summary>What the motion did on a tick, as far as stopping and starting goes.</summary>
internal enum MotionChange
{
    /// <summary>Nothing new.</summary>
    None,

    /// <summary>The motion just stopped: thin the music now.</summary>
    Stop,

    /// <summary>The motion came back after a stop shorter than stillness: the groove goes on, on its grid.</summary>
    Resume,

    /// <summary>A stroke after stillness: answer it now and start the beat grid on it.</summary>
    Return,
}

/// <summary>
/// Judges stops and stillness on the raw 50 Hz motion energy, tick by tick. A stop is the first quiet tick
/// (energy under <see cref="QuietEnergy"/>) of a quiet run longer than the dips it could be. A periodic gesture
/// slows to nothing at its turning points for a tick or two each beat, so a quiet run is allowed as long as the
/// longest dip (a quiet run of at most <see cref="MaxDipTicks"/> between moving ticks) of the last two seconds, and
/// <see cref="DefaultDipTicks"/> when the tempo predicts a dip (one or two beats before the run began the energy
/// was at a turning point too, under <see cref="TurningEnergy"/>) or when the motion began less than a second ago.
/// A motion without dips therefore stops on its first quiet tick. After <see cref="StillTicks"/> quiet ticks the
/// performer is still; the first tick after that whose energy reaches <see cref="StrokeFinder.StrokeFloor"/> (or
/// the third moving tick in a row, for a slow start) is a <see cref="MotionChange.Return"/>. The first stroke
/// confirmed within half a second after a return (<see cref="StrokeFinder.LastStrokeSeconds"/>, the energy's
/// peak) is reported once, so the grid can be moved from the stroke's start onto its peak.
/// </summary>
internal sealed class StillnessWatch
{
    /// <summary>Raw energy below this counts as no motion.</summary>
    public const double QuietEnergy = 0.012;

    /// <summary>After this many quiet ticks (0.5 s) the performer is still: the parts stay out, the pad holds.</summary>
    public const int StillTicks = TimeGrid.RateHz / 2;

    /// <summary>How long a dip may be when there is no history of dips (the start of motion).</summary>
    public const int DefaultDipTicks = 2;

    /// <summary>The longest quiet run between moving ticks that is remembered as a dip (0.12 s); a longer one is a pause.</summary>
    public const int MaxDipTicks = 6;

    /// <summary>How far back dips count (2 s).</summary>
    private const int DipMemoryTicks = 2 * TimeGrid.RateHz;

    /// <summary>How long after a return its stroke's peak may still be confirmed (0.5 s).</summary>
    private const int PeakWaitTicks = TimeGrid.RateHz / 2;

    /// <summary>Energy under this (twice the quiet level) one or two beats ago marks a turning point of the gesture.</summary>
    public const double TurningEnergy = 2 * QuietEnergy;

    private readonly Queue<(long EndTick, int Length)> _dips = new();
    private readonly float[] _recent = new float[4 * TimeGrid.RateHz];
    private long _tick = -1;
    private int _quietTicks;
    private int _movingTicks;
    private long _motionSince;
    private long _returnTick = long.MinValue;
    private double _strokeMark = double.NaN;

    /// <summary>Whether the motion has stopped (from the stop's first tick until it moves again).</summary>
    public bool Stopped { get; private set; }

    /// <summary>Whether the performer has been still for at least <see cref="StillTicks"/> and has not returned yet.</summary>
    public bool Still { get; private set; }

    /// <summary>Quiet ticks in a row up to now.</summary>
    public int QuietTicks => _quietTicks;

    /// <summary>
    /// Adds one tick's raw energy and the latest confirmed stroke (s, NaN for none); says what changed and, once
    /// after a return, the time (s) of the returning stroke's peak (else NaN).
    /// </summary>
    /// <param name="energy">This tick's raw motion energy.</param>
    /// <param name="lastStrokeSeconds">The latest confirmed stroke (s), NaN for none.</param>
    /// <param name="periodTicks">The beat period in ticks (the tempo in use), to predict the gesture's turning points.</param>
    public (MotionChange Change, double StrokePeakSeconds) Push(double energy, double lastStrokeSeconds, double periodTicks = 0)
    {
        _tick++;
        if (!double.IsFinite(energy)) energy = 0;
        _recent[_tick % _recent.Length] = (float)energy;
        var peak = double.NaN;
        if (_returnTick != long.MinValue && !lastStrokeSeconds.Equals(_strokeMark) && double.IsFinite(lastStrokeSeconds))
        {
            if (_tick - _returnTick <= PeakWaitTicks) peak = lastStrokeSeconds;
            _returnTick = long.MinValue;
        }
        else if (_returnTick != long.MinValue && _tick - _returnTick > PeakWaitTicks) _returnTick = long.MinValue;

        if (energy < QuietEnergy)
        {
            _quietTicks++;
            _movingTicks = 0;
            if (_quietTicks >= StillTicks) Still = true;
            if (!Stopped && _quietTicks > AllowedDip(periodTicks))
            {
                Stopped = true;
                return (MotionChange.Stop, peak);
            }
            return (MotionChange.None, peak);
        }

        _movingTicks++;
        if (_quietTicks is > 0 and <= MaxDipTicks) Remember(_quietTicks);
        _quietTicks = 0;
        if (Still)
        {
            if (energy < StrokeFinder.StrokeFloor && _movingTicks < 3) return (MotionChange.None, peak);
            Still = Stopped = false;
            _dips.Clear();
            _motionSince = _tick;
            _returnTick = _tick;
            _strokeMark = lastStrokeSeconds;
            return (MotionChange.Return, double.NaN);
        }
        if (!Stopped) return (MotionChange.None, peak);
        Stopped = false;
        return (MotionChange.Resume, peak);
    }

    private void Remember(int length)
    {
        _dips.Enqueue((_tick, length));
        while (_dips.Count > 0 && _dips.Peek().EndTick < _tick - DipMemoryTicks) _dips.Dequeue();
    }

    /// <summary>The longest quiet run that still counts as a dip now.</summary>
    private int AllowedDip(double periodTicks)
    {
        while (_dips.Count > 0 && _dips.Peek().EndTick < _tick - DipMemoryTicks) _dips.Dequeue();
        var longest = 0;
        foreach (var (_, length) in _dips) longest = Math.Max(longest, length);
        // Until the motion has gone on for a second, its dips are not known yet.
        if (_tick - _motionSince < TimeGrid.RateHz) longest = Math.Max(longest, DefaultDipTicks);
        // One or two beats ago, the gesture was at a turning point here too: a dip is what the tempo predicts.
        if (TurningPointBack(periodTicks) || TurningPointBack(2 * periodTicks)) longest = Math.Max(longest, DefaultDipTicks);
        return longest;
    }

    /// <summary>Whether the energy came under <see cref="TurningEnergy"/> within a tick of <paramref name="ticksBack"/> ticks ago (the start of this quiet run).</summary>
    private bool TurningPointBack(double ticksBack)
    {
        if (ticksBack < 2) return false;
        var centre = _tick - _quietTicks + 1 - (long)Math.Round(ticksBack);
        if (centre - 1 < 0 || _tick - (centre - 1) >= _recent.Length) return false;
        for (var k = centre - 1; k <= centre + 1; k++)
            if (_recent[k % _recent.Length] < TurningEnergy) return true;
        return false;
    }
}
