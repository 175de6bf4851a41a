namespace Expotion.Kernels.Batching;

/// <summary>Runs a per-stream body over all streams: in parallel when the batch is big enough to pay for it.</summary>
internal static class StreamParallel
{
    /// <summary>Below this many values touched, one thread is faster than waking the pool.</summary>
    public const long ParallelThreshold = 1 << 15;

    public static void For(int streams, long values, Action<int> body)
    {
        if (streams > 1 && values >= ParallelThreshold && Environment.ProcessorCount > 1)
            Parallel.For(0, streams, body);
        else
            for (var s = 0; s < streams; s++) body(s);
    }
}
