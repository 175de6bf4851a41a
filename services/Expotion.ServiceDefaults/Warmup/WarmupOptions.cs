namespace Expotion.ServiceDefaults.Warmup;

/// <summary>Configuration section "Warmup": the synthetic performance each stage runs before its host listens.</summary>
public sealed class WarmupOptions
{
    public const string SectionName = "Warmup";

    /// <summary>Off for hosts that must start in the least time (a test that restarts a stage many times).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Length of the synthetic performance in seconds of stream time (frames at 30 fps, conditions at 50 Hz).</summary>
    public double Seconds { get; set; } = 2;

    public void Validate()
    {
        if (!double.IsFinite(Seconds) || Seconds is < 0.1 or > 60)
            throw new InvalidOperationException($"Warmup:Seconds = {Seconds} is outside 0.1..60");
    }
}
