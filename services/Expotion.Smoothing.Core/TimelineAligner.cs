using System.Runtime.CompilerServices;
using Expotion.Core;
using Expotion.Kernels.Resampling;
using Expotion.Kernels.Smoothing;

namespace Expotion.Smoothing.Core;

/// <summary>
/// Takes feature frames at irregular times and returns frames on the 50 Hz grid: linear resampling
/// between the two input frames around each grid time, then causal or centred smoothing; or, in
/// <see cref="SmoothingMode.ExpotionOffline"/>, EXPOTION's align_corners interpolation of the whole stream.
/// Grid frames exist only between the first and the last input frame: time is preserved, never invented.
/// </summary>
public sealed class TimelineAligner(IResampler resampler, ISmoother smoother) : IStreamAligner
{
    /// <summary>Most values the offline mode holds for one stream (256 MB of float32).</summary>
    public const long MaxOfflineValues = 64L << 20;

    public TimelineAligner() : this(CpuResampler.Instance, CpuSmoother.Instance) { }

    public async IAsyncEnumerable<ConditionVector> AlignAsync(
        AlignSettings settings,
        IAsyncEnumerable<FeatureSample> frames,
        StreamStats stats,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        settings.Validate();
        if (settings.Mode == SmoothingMode.ExpotionOffline)
        {
            foreach (var c in await AlignOfflineAsync(settings, frames, stats, cancellationToken))
            {
                stats.CountOut();
                yield return c;
            }
            yield break;
        }

        IGridFilter filter = settings.Mode == SmoothingMode.Centred
            ? new CentredFilter(smoother, settings.Dims, settings.SmoothingMs, settings.LookaheadFrames)
            : new CausalFilter(smoother, settings.SmoothingMs);
        var output = new List<ConditionVector>();
        FeatureSample? previous = null;
        long next = 0;
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            Check(settings, frame, previous);
            stats.CountIn(frame.PtsUs);
            if (previous is not { } prev)
            {
                next = TimeGrid.CeilIndex(frame.PtsUs);
                if (TimeGrid.PtsOf(next) == frame.PtsUs)
                    filter.Push(next++, (float[])frame.Values.Clone(), output);
            }
            else
            {
                for (; TimeGrid.PtsOf(next) <= frame.PtsUs; next++)
                {
                    var w = (float)((double)(TimeGrid.PtsOf(next) - prev.PtsUs) / (frame.PtsUs - prev.PtsUs));
                    var y = new float[settings.Dims];
                    resampler.Lerp(prev.Values, frame.Values, w, y);
                    filter.Push(next, y, output);
                }
            }
            previous = frame;
            foreach (var c in output) { stats.CountOut(); yield return c; }
            output.Clear();
        }
        filter.Flush(output);
        foreach (var c in output) { stats.CountOut(); yield return c; }
    }

    private async Task<ConditionVector[]> AlignOfflineAsync(
        AlignSettings settings, IAsyncEnumerable<FeatureSample> frames, StreamStats stats, CancellationToken cancellationToken)
    {
        var values = new List<float>();
        FeatureSample? previous = null;
        long firstPts = 0;
        var count = 0;
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            Check(settings, frame, previous);
            stats.CountIn(frame.PtsUs);
            if (count++ == 0) firstPts = frame.PtsUs;
            if ((long)values.Count + settings.Dims > MaxOfflineValues)
                throw new LimitExceededException("offline_values", $"the offline alignment holds at most {MaxOfflineValues} values per stream");
            values.AddRange(frame.Values);
            previous = frame;
        }
        if (count == 0) return [];

        var target = settings.TargetFrames;
        if (target == 0)
        {
            // Each input frame stands for one frame interval: N frames at 5 fps over 10 s → 500 output frames.
            var interval = count > 1 ? (double)(previous!.Value.PtsUs - firstPts) / (count - 1) : TimeGrid.PeriodUs;
            target = Math.Max(1, (int)Math.Round(count * interval / TimeGrid.PeriodUs));
        }
        if ((long)target * settings.Dims > MaxOfflineValues)
            throw new LimitExceededException("target_frames", $"{target} × {settings.Dims} values exceed {MaxOfflineValues}");
        var dst = new float[target * settings.Dims];
        resampler.AlignCorners(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), count, settings.Dims, dst, target);
        var first = TimeGrid.CeilIndex(firstPts);
        var result = new ConditionVector[target];
        for (var i = 0; i < target; i++)
            result[i] = new ConditionVector(first + i, TimeGrid.PtsOf(first + i), dst.AsSpan(i * settings.Dims, settings.Dims).ToArray());
        return result;
    }

    /// <summary>The checks every frame of a stream passes (dims, timestamps that increase, finite values).</summary>
    internal static void Check(AlignSettings settings, FeatureSample frame, FeatureSample? previous)
    {
        if (frame.Values is null || frame.Values.Length != settings.Dims)
            throw new InvalidInputException("frame.values", $"{frame.Values?.Length ?? 0} values; the schema has {settings.Dims}");
        if (frame.PtsUs < 0)
            throw new InvalidInputException("frame.pts_us", $"negative timestamp {frame.PtsUs} us");
        if (previous is { } p && frame.PtsUs <= p.PtsUs)
            throw new InvalidInputException("frame.pts_us", $"timestamp went backwards or repeated: {frame.PtsUs} us after {p.PtsUs} us");
        foreach (var v in frame.Values)
            if (!float.IsFinite(v))
                throw new InvalidInputException("frame.values", $"non-finite value {v} at {frame.PtsUs} us");
    }
}
