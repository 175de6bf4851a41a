namespace Expotion.Gateway.Core.Ensemble;

/// <summary>The sessions of one gateway, by name: the first member opens one (and its music stream), the last to leave closes it.</summary>
public sealed class EnsembleRegistry<TOutput>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EnsembleSession<TOutput>> _sessions = new(StringComparer.Ordinal);
    private readonly EnsembleOptions _options;
    private readonly IEnsembleFormat<TOutput> _format;

    public EnsembleRegistry(EnsembleOptions options, IEnsembleFormat<TOutput> format)
    {
        options.Validate();
        (_options, _format) = (options, format);
    }

    public int Count { get { lock (_lock) return _sessions.Count; } }

    /// <summary>Joins (or opens) the session <paramref name="session"/>.</summary>
    /// <param name="music">Opens the session's music stream (called once, by the member who opens it): merged rows in, outputs out.</param>
    public EnsembleMember<TOutput> Join(string session, string member, EnsembleRole? role, SessionLayout layout,
        Func<IAsyncEnumerable<ConditionRow>, CancellationToken, IAsyncEnumerable<TOutput>> music)
    {
        SessionName.Validate(session, "ensemble.session");
        SessionName.Validate(member, "ensemble.member");
        if (layout.ChunkUs <= 0 || layout.ChunkUs % Expotion.Core.TimeGrid.PeriodUs != 0)
            throw new InvalidInputException("music.chunk_ms", $"{layout.ChunkUs / 1000.0} ms; an ensemble's chunks must be a whole number of 20 ms grid points");
        lock (_lock)
        {
            if (_sessions.TryGetValue(session, out var open) && open.TryJoin(member, role, layout, out var joined)) return joined!;
            if (_sessions.Count >= _options.MaxSessions && !_sessions.ContainsKey(session))
                throw new LimitExceededException("Gateway:Ensemble:MaxSessions", $"{_options.MaxSessions} sessions are open on this gateway");
            var created = new EnsembleSession<TOutput>(session, layout, _options, _format, music, Closed);
            _sessions[session] = created;
            if (!created.TryJoin(member, role, layout, out var first)) throw new InvalidOperationException("a new session closed before its first member joined");
            return first!;
        }
    }

    private void Closed(EnsembleSession<TOutput> session)
    {
        lock (_lock)
            if (_sessions.TryGetValue(session.Name, out var s) && ReferenceEquals(s, session)) _sessions.Remove(session.Name);
    }
}
