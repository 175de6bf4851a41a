namespace Expotion.Cli.Bench;

/// <summary>
/// One stream's control latency in the load bench, after the warm-up: from the video frame that releases an audio chunk to
/// that chunk back (the pipeline hop, for this stream alone), with its place in an ensemble. In an ensemble a chunk can come
/// back before the member's own condition row for it did (the session merged that grid point without them, a grace after
/// its time): such a chunk does not carry their frame, it is counted apart. The stream writes, the bench reads at the end.
/// </summary>
internal sealed class StreamControl(string name)
{
    private readonly Lock _lock = new();
    private readonly LatencyStats _control = new();
    private long _chunks, _withoutOwnRow;

    public string Name { get; } = name;

    /// <summary>The role the session gave the member (empty when alone).</summary>
    public string Role { get; set; } = "";

    public void Chunk(double? controlMs)
    {
        lock (_lock)
        {
            _chunks++;
            if (controlMs is { } ms) _control.Add(ms);
            else _withoutOwnRow++;
        }
    }

    public StreamFigure Figure()
    {
        lock (_lock)
            return new(Name, Role, _control.Percentile(50), _control.Percentile(99), _control.Percentile(100), _control.Count, _chunks, _withoutOwnRow);
    }
}

/// <summary>One stream's control latency (ms) over the measured window, and its chunks (those merged without its own row apart).</summary>
internal sealed record StreamFigure(string Stream, string Role, double P50Ms, double P99Ms, double MaxMs, int Samples, long Chunks, long ChunksWithoutOwnRow);
