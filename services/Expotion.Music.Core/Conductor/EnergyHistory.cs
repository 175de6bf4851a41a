using Expotion.Core;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// The last few seconds of the 50 Hz motion energy, raw and high-passed (minus a 1.5 s moving baseline), in a
/// ring buffer indexed by sample number from the start of the stream.
/// </summary>
public sealed class EnergyHistory
{
    private readonly float[] _energy;
    private readonly float[] _highPassed;
    private readonly double _alpha = 1 - Math.Exp(-1.0 / (1.5 * TimeGrid.RateHz));
    private double _baseline = double.NaN;

    /// <param name="seconds">How much past energy is kept.</param>
    public EnergyHistory(double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        _energy = new float[(int)(seconds * TimeGrid.RateHz)];
        _highPassed = new float[_energy.Length];
    }

    /// <summary>Samples kept.</summary>
    public int Capacity => _energy.Length;

    /// <summary>Samples pushed so far.</summary>
    public long Count { get; private set; }

    /// <summary>Samples held now (at most <see cref="Capacity"/>).</summary>
    public int Held => (int)Math.Min(Count, _energy.Length);

    /// <summary>Adds one sample (non-finite or negative energy counts as 0).</summary>
    public void Push(double energy)
    {
        if (!double.IsFinite(energy) || energy < 0) energy = 0;
        _baseline = double.IsNaN(_baseline) ? energy : _baseline + _alpha * (energy - _baseline);
        var slot = (int)(Count % _energy.Length);
        _energy[slot] = (float)energy;
        _highPassed[slot] = (float)(energy - _baseline);
        Count++;
    }

    /// <summary>Raw energy of sample <paramref name="index"/> (one of the last <see cref="Held"/>).</summary>
    public double At(long index) => _energy[(int)(index % _energy.Length)];

    /// <summary>High-passed energy of sample <paramref name="index"/>.</summary>
    public double HighPassedAt(long index) => _highPassed[(int)(index % _energy.Length)];
}
