namespace Expotion.ServiceDefaults.Scheduling;

/// <summary>
/// Configuration section "Scheduling": the CPU priority of a stage host's threads. Per-frame work must keep its
/// 20 ms deadlines while other processes take a core; under Linux's default scheduler (CFS) a lower nice value gives
/// a runnable thread a larger share when cores are contended (nice -10 weighs about 9× nice 0) and changes nothing
/// when they are not.
/// </summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>The nice value the host asks for (−20..19): −10 by default; 0 leaves the process as started.
    /// Raising priority needs root or CAP_SYS_NICE (deploy/README.md); without it the host logs a warning and runs as started.</summary>
    public int Nice { get; set; } = -10;

    public void Validate()
    {
        if (Nice is < -20 or > 19)
            throw new InvalidOperationException($"Scheduling:Nice = {Nice} is outside -20..19");
    }
}
