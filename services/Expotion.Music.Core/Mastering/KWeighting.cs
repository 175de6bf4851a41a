namespace Expotion.Music.Core.Mastering;

/// <summary>
/// The BS.1770 K-weighting pre-filter for one channel: the high shelf (stage 1) then the RLB high-pass
/// (stage 2), with coefficients derived for any sample rate by the bilinear transform (the analog
/// prototype parameters are those libebur128 uses; at 48 kHz they give the standard's coefficients).
/// </summary>
public sealed class KWeighting
{
    private readonly Biquad _shelf;
    private readonly Biquad _highPass;

    public KWeighting(int sampleRate)
    {
        var k = Math.Tan(Math.PI * 1681.974450955533 / sampleRate);
        const double q = 0.7071752369554196;
        var vh = Math.Pow(10, 3.999843853973347 / 20);
        var vb = Math.Pow(vh, 0.4996667741545416);
        var a0 = 1 + k / q + k * k;
        _shelf = new Biquad(
            (vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
            2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0);

        k = Math.Tan(Math.PI * 38.13547087602444 / sampleRate);
        const double qh = 0.5003270373238773;
        a0 = 1 + k / qh + k * k;
        _highPass = new Biquad(1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / qh + k * k) / a0);
    }

    public double Process(double x) => _highPass.Process(_shelf.Process(x));

    /// <summary>Direct form II transposed, a0 normalised to 1.</summary>
    private sealed class Biquad(double b0, double b1, double b2, double a1, double a2)
    {
        private double _z1, _z2;

        public double Process(double x)
        {
            var y = b0 * x + _z1;
            _z1 = b1 * x - a1 * y + _z2;
            _z2 = b2 * x - a2 * y;
            return y;
        }
    }
}
