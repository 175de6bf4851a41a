using Expotion.Core;

namespace Expotion.Smoothing.Core;

/// <summary>
/// One stream of feature frames in, conditions on the 50 Hz grid out. <see cref="TimelineAligner"/> aligns each stream on
/// its own; <see cref="TickAligner"/> hands live streams to the process's <see cref="SmoothingTicker"/>, which batches them.
/// Both give the same conditions bit for bit.
/// </summary>
public interface IStreamAligner
{
    IAsyncEnumerable<ConditionVector> AlignAsync(AlignSettings settings, IAsyncEnumerable<FeatureSample> frames, StreamStats stats,
        CancellationToken cancellationToken);
}
