using Expotion.Core;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Ranges the raw motion energy per performance, so that a far camera (people a few pixels tall) spans the same
/// musical range as a close webcam, while real stillness stays still. Every consumer of the energy (level, strokes,
/// tempo, stops and returns, accents) reads the ranged value; it is the one place where the footage's scale is judged.
/// <list type="bullet">
/// <item>Energy at or under <see cref="Floor"/> (image widths per second) is never scaled: a still performer in front
/// of a still camera stays under the stillness thresholds whatever the gain.</item>
/// <item>Above it, the excess is multiplied by a gain: <c>floor + (e − floor) · gain</c>. The gain aims at ranging the
/// 90th percentile of the moving ticks (those above the floor, forgetting over <see cref="MemorySeconds"/>) to
/// <see cref="Reference"/>; it is never below 1 (close footage that already spans the range is left exactly as it is)
/// nor above <see cref="MaxGain"/>, waits for one second of motion before it moves, and glides (time constant
/// <see cref="GlideSeconds"/>) so that the music does not jump.</item>
/// </list>
/// Causal, tick by tick: the same in a live stream and offline.
/// </summary>
public sealed class MotionRange
{
    /// <summary>Energy (image widths per second) at or under which nothing is scaled: stillness.</summary>
    public const double Floor = 0.004;

    /// <summary>What the 90th percentile of the moving ticks is ranged up to (music level ≈ 0.55).</summary>
    public const double Reference = 0.1;

    /// <summary>Largest gain (a crowd 100 m away moves about 1 % of the frame per second).</summary>
    public const double MaxGain = 16;

    /// <summary>How long the distribution remembers (its weights decay by e every this many seconds).</summary>
    public const double MemorySeconds = 30;

    /// <summary>Time constant of the gain's glide towards its aim.</summary>
    public const double GlideSeconds = 2;

    private const int MinMovingTicks = TimeGrid.RateHz;
    private const int BinsPerOctave = 8;
    private const double TopEnergy = 4;
    private static readonly int Bins = (int)Math.Ceiling(Math.Log2(TopEnergy / Floor) * BinsPerOctave);

    private readonly double[] _histogram = new double[Bins];
    private readonly double _decay = Math.Exp(-1.0 / (MemorySeconds * TimeGrid.RateHz));
    private readonly double _glide = 1 - Math.Exp(-1.0 / (GlideSeconds * TimeGrid.RateHz));
    private double _weight;
    private long _moving;

    /// <summary>The gain in use (1 until the footage is known to move less than the reference).</summary>
    public double Gain { get; private set; } = 1;

    /// <summary>The 90th percentile of the moving ticks' raw energy so far (NaN before any).</summary>
    public double Percentile90 { get; private set; } = double.NaN;

    /// <summary>Adds one raw 50 Hz sample and returns it ranged; a sample at or under the floor (or not a number) comes back as it was.</summary>
    public double Push(double energy)
    {
        if (!double.IsFinite(energy) || energy <= Floor) return energy;
        for (var i = 0; i < Bins; i++) _histogram[i] *= _decay;
        _weight = _weight * _decay + 1;
        _histogram[Bin(energy)] += 1;
        _moving++;
        Percentile90 = Quantile(0.9);
        if (_moving >= MinMovingTicks)
        {
            var aim = Math.Clamp((Reference - Floor) / Math.Max(Percentile90 - Floor, 1e-9), 1, MaxGain);
            Gain = Math.Exp(Math.Log(Gain) + _glide * (Math.Log(aim) - Math.Log(Gain)));
            if (aim == 1 && Gain < 1.0005) Gain = 1;
        }
        return Gain == 1 ? energy : Floor + (energy - Floor) * Gain;
    }

    private static int Bin(double energy) =>
        Math.Clamp((int)(Math.Log2(energy / Floor) * BinsPerOctave), 0, Bins - 1);

    /// <summary>The energy where the cumulative weight reaches <paramref name="q"/> (interpolated inside its bin, log-spaced).</summary>
    private double Quantile(double q)
    {
        var target = q * _weight;
        var sum = 0.0;
        for (var i = 0; i < Bins; i++)
        {
            if (sum + _histogram[i] >= target && _histogram[i] > 0)
                return Floor * Math.Pow(2, (i + (target - sum) / _histogram[i]) / BinsPerOctave);
            sum += _histogram[i];
        }
        return TopEnergy;
    }
}
