using System.Runtime.CompilerServices;
using Expotion.ServiceDefaults.Warmup;
using Expotion.Smoothing.Core;

namespace Expotion.Smoothing;

/// <summary>
/// Before the smoothing host listens: synthetic 30 fps feature frames (a sine per value) through the
/// <see cref="IStreamAligner"/> a stream uses, once causal (the live default) and once centred (compose's),
/// on the kernel backend the host selected.
/// </summary>
internal sealed class SmoothingWarmup(IStreamAligner aligner) : IStageWarmup
{
    private const int Dims = 64, Fps = 30;

    public string Stage => "smoothing";

    public async Task<string> WarmUpAsync(WarmupOptions options, CancellationToken cancellationToken)
    {
        var count = Math.Max(2, (int)Math.Round(options.Seconds * Fps));
        var rows = 0;
        foreach (var mode in new[] { SmoothingMode.Causal, SmoothingMode.Centred })
            await foreach (var _ in aligner.AlignAsync(new AlignSettings(Dims, mode), Samples(count, cancellationToken), new StreamStats(), cancellationToken).ConfigureAwait(false))
                rows++;
        return $"{count} feature frames x 2 modes into {rows} condition rows";
    }

    private static async IAsyncEnumerable<FeatureSample> Samples(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = new float[Dims];
            for (var d = 0; d < Dims; d++) values[d] = (float)Math.Sin(i * 0.2 + d);
            yield return new FeatureSample(i * 1_000_000L / Fps, values);
            await Task.Yield();
        }
    }
}
