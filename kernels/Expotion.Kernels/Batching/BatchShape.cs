namespace Expotion.Kernels.Batching;

/// <summary>
/// The shape of a batch of feature streams: row-major [streams × frames × dims], so frame t of stream s
/// starts at (s·frames + t)·dims. Streams shorter than <see cref="Frames"/> give their own length.
/// </summary>
public readonly record struct BatchShape(int Streams, int Frames, int Dims)
{
    /// <summary>Values in the batch (streams × frames × dims).</summary>
    public long Length => (long)Streams * Frames * Dims;

    /// <summary>Values in one stream (frames × dims).</summary>
    public int StreamLength => Frames * Dims;

    public void Validate(string name = "shape")
    {
        if (Streams < 1 || Frames < 1 || Dims < 1)
            throw new ArgumentOutOfRangeException(name, $"{this}: streams, frames and dims must be positive");
        if ((long)Frames * Dims > int.MaxValue)
            throw new ArgumentOutOfRangeException(name, $"{this}: one stream holds more than {int.MaxValue} values");
    }

    public override string ToString() => $"[{Streams} × {Frames} × {Dims}]";
}
