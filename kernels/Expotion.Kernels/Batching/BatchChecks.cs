namespace Expotion.Kernels.Batching;

/// <summary>Argument checks shared by the CPU references and the CUDA twins, so both reject the same input.</summary>
internal static class BatchChecks
{
    public static void Buffer(long actual, long needed, string name)
    {
        if (actual < needed)
            throw new ArgumentException($"{name} holds {actual} values; the batch needs {needed}", name);
    }

    public static void Lengths(ReadOnlySpan<int> lengths, BatchShape shape, string name = "lengths")
    {
        Buffer(lengths.Length, shape.Streams, name);
        for (var s = 0; s < shape.Streams; s++)
            if ((uint)lengths[s] > (uint)shape.Frames)
                throw new ArgumentOutOfRangeException(name, $"stream {s} has length {lengths[s]}, outside 0..{shape.Frames}");
    }

    public static void PerStream(int actual, int streams, string name) => Buffer(actual, streams, name);

    public static void Alpha(ReadOnlySpan<float> alpha, int streams)
    {
        Buffer(alpha.Length, streams, nameof(alpha));
        for (var s = 0; s < streams; s++)
            if (!(alpha[s] is >= 0f and <= 1f))
                throw new ArgumentOutOfRangeException(nameof(alpha), $"stream {s}: alpha {alpha[s]} is outside 0..1");
    }

    /// <summary>A centred window of 2·radius + 1 finite, non-negative weights with a positive centre.</summary>
    public static int Window(ReadOnlySpan<float> weights)
    {
        if (weights.Length % 2 != 1)
            throw new ArgumentException($"a centred window has an odd number of weights, not {weights.Length}", nameof(weights));
        foreach (var w in weights)
            if (!float.IsFinite(w) || w < 0f)
                throw new ArgumentException($"weight {w} is not finite and non-negative", nameof(weights));
        var radius = weights.Length / 2;
        if (!(weights[radius] > 0f))
            throw new ArgumentException("the centre weight must be positive (every output needs a non-zero total)", nameof(weights));
        return radius;
    }

    public static void Timestamps(ReadOnlySpan<long> ptsUs, ReadOnlySpan<int> counts, BatchShape shape)
    {
        Buffer(ptsUs.Length, (long)shape.Streams * shape.Frames, nameof(ptsUs));
        Lengths(counts, shape, nameof(counts));
        for (var s = 0; s < shape.Streams; s++)
        {
            var pts = ptsUs.Slice(s * shape.Frames, counts[s]);
            for (var t = 1; t < pts.Length; t++)
                if (pts[t] <= pts[t - 1])
                    throw new ArgumentException($"stream {s}: timestamp {pts[t]} us at frame {t} does not follow {pts[t - 1]} us", nameof(ptsUs));
        }
    }
}
