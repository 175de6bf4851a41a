using System.Threading.Channels;

namespace Expotion.Gateway.Core.Ensemble;

/// <summary>One member's place in a session: push their condition rows, read what they hear, leave (dispose) at the end.</summary>
public sealed class EnsembleMember<TOutput> : IDisposable
{
    private readonly EnsembleSession<TOutput> _session;
    private readonly RosterMember _member;

    internal EnsembleMember(EnsembleSession<TOutput> session, RosterMember member, ChannelReader<TOutput> outputs)
    {
        (_session, _member, Outputs) = (session, member, outputs);
    }

    public string Session => _session.Name;
    public string Name => _member.Name;
    /// <summary>The role they hold now (<see cref="ChangeRole"/>).</summary>
    public EnsembleRole Role => _session.RoleOf(_member.Id) ?? _member.Role;

    /// <summary>The member's own time now on the session's clock (µs); null before their first row.</summary>
    public long? NowUs => StartUs is { } start ? _session.ClockUs - start : null;

    /// <summary>The session time of this member's time 0 (µs), set by their first row (null before; a chunk boundary).</summary>
    public long? StartUs => _session.StartOf(_member.Id);

    /// <summary>What the member hears, on their own timeline; completes when they leave, or with the music's failure.</summary>
    public ChannelReader<TOutput> Outputs { get; }

    /// <summary>A condition row at the member's own grid point <paramref name="index"/>.</summary>
    public ValueTask PushAsync(long index, float[] values, CancellationToken cancellationToken) => _session.PushAsync(_member.Id, index, values, cancellationToken);

    /// <summary>Takes another role from the next grid point merged (every member is told); false when it is the one they hold.</summary>
    /// <exception cref="InvalidInputException">An exclusive role another member holds ("update.role").</exception>
    public bool ChangeRole(EnsembleRole role) => _session.ChangeRole(_member.Id, role);

    /// <summary>The member sends no more rows: <see cref="Outputs"/> completes once they have heard the piece up to their last row.</summary>
    public void End() => _session.End(_member.Id);

    public void Dispose() => _session.Leave(_member.Id);
}
