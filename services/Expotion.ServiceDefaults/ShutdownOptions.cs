namespace Expotion.ServiceDefaults;

/// <summary>How a host stops on SIGTERM (section "Shutdown"; environment <c>Shutdown__DrainSeconds</c>).</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// Longest time open streams get to finish after SIGTERM. Meanwhile health says NOT_SERVING and new
    /// streams are refused with Unavailable; streams still open at the end get Unavailable (clients resume
    /// them elsewhere), then the server stops.
    /// </summary>
    public double DrainSeconds { get; set; } = 20;

    /// <summary>
    /// Least time between SIGTERM and the server closing its listener, even with no stream open, so that
    /// balancers polling health see NOT_SERVING (and stop sending) while this host still answers.
    /// </summary>
    public double NotServingSeconds { get; set; }
}
