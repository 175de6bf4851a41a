namespace Expotion.Smoothing;

/// <summary>
/// Setting <c>Smoothing:Batching</c> (<c>Smoothing__Batching</c>): <c>off</c> (the default) aligns each live stream on its
/// own as frames arrive; <c>tick</c> batches all live streams of the process per 20 ms tick on the kernel backend
/// (<see cref="Core.SmoothingTicker"/>), which pays off on a GPU and adds up to one tick of latency.
/// </summary>
public enum SmoothingBatching
{
    Off,
    Tick,
}

public static class SmoothingBatchingSetting
{
    public const string Key = "Smoothing:Batching";

    public static SmoothingBatching Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "off" => SmoothingBatching.Off,
        "tick" => SmoothingBatching.Tick,
        _ => throw new InvalidOperationException($"{Key} is '{value}'; use 'off' (each stream on its own) or 'tick' (all live streams per 20 ms tick)"),
    };
}
