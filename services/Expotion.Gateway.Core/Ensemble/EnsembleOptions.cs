namespace Expotion.Gateway.Core.Ensemble;

/// <summary>Limits and timing of ensemble sessions (the gateway's section "Gateway:Ensemble").</summary>
public sealed class EnsembleOptions
{
    /// <summary>Members per session.</summary>
    public int MaxMembers { get; set; } = 8;

    /// <summary>Sessions at once on this gateway.</summary>
    public int MaxSessions { get; set; } = 64;

    /// <summary>How long past a grid point's time the session waits for a late member's row before it merges without it (ms).</summary>
    public int GraceMs { get; set; } = 60;

    /// <summary>Outputs queued for one member before the session gives up on that member (a listener that stopped reading).</summary>
    public int MemberQueue { get; set; } = 1024;

    public void Validate()
    {
        if (MaxMembers is < 1 or > 256) throw new InvalidOperationException($"Gateway:Ensemble:MaxMembers = {MaxMembers} is outside 1..256");
        if (MaxSessions is < 1 or > 10_000) throw new InvalidOperationException($"Gateway:Ensemble:MaxSessions = {MaxSessions} is outside 1..10000");
        if (GraceMs is < 0 or > 2000) throw new InvalidOperationException($"Gateway:Ensemble:GraceMs = {GraceMs} is outside 0..2000");
        if (MemberQueue is < 16 or > 100_000) throw new InvalidOperationException($"Gateway:Ensemble:MemberQueue = {MemberQueue} is outside 16..100000");
    }
}
