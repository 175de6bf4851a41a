namespace Expotion.Smoothing.Core;

public enum SmoothingMode
{
    /// <summary>Linear resampling, then a one-pole exponential filter: no look-ahead (live use).</summary>
    Causal = 1,

    /// <summary>Linear resampling, then a Gaussian centred on each grid frame, truncated at the declared look-ahead.</summary>
    Centred = 2,

    /// <summary>EXPOTION's offline alignment: the whole stream, linearly interpolated with align_corners=True.</summary>
    ExpotionOffline = 3,
}
