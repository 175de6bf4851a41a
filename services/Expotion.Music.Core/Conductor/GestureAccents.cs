namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Large gestures get accents. The peak motion energy since the previous beat is compared with the largest peak
/// of the four beats before: a beat whose peak is at least <see cref="SurgeRatio"/> times that (and above
/// <see cref="MinPeak"/>, so that twitches of a still performer do not count) is accented. Steady motion, however
/// vigorous, accents nothing; the swing that starts it, or a sudden big one within it, does (once: the beats after
/// it are measured against it).
/// </summary>
public sealed class GestureAccents
{
    /// <summary>How much larger than the recent beats' peaks a gesture must be.</summary>
    public const double SurgeRatio = 2.0;

    /// <summary>Smallest peak (image widths per second) that can be an accent.</summary>
    public const double MinPeak = 0.1;

    private const int History = 4;
    private readonly Queue<double> _recent = new();
    private double _peak;
    private bool _surged;

    /// <summary>Adds one 50 Hz motion-energy sample; returns true on the first sample since the previous beat at which
    /// this beat's peak has become an accent (so it can be answered at once, before the beat it leads into).</summary>
    public bool Push(double energy)
    {
        if (double.IsFinite(energy) && energy > _peak) _peak = energy;
        if (_surged || !IsAccent(_peak)) return false;
        _surged = true;
        return true;
    }

    /// <summary>Called at each beat: whether this beat is accented; the next beat's window starts here.</summary>
    public bool Beat()
    {
        var peak = _peak;
        _peak = 0;
        _surged = false;
        var accented = IsAccent(peak);
        _recent.Enqueue(peak);
        if (_recent.Count > History) _recent.Dequeue();
        return accented;
    }

    private bool IsAccent(double peak) => _recent.Count >= 2 && peak >= MinPeak && peak >= SurgeRatio * _recent.Max();
}
