using System.Diagnostics;
using System.Threading.Channels;
using Expotion.Core;

namespace Expotion.Gateway.Core.Ensemble;

/// <summary>
/// One named session: several members, each with their own condition stream, steer one piece. The session keeps a
/// 50 Hz grid on its own clock (zero when it was opened): grid point n is merged (<see cref="RoleMerge"/>) once every
/// member who is sending has delivered their row for it, or at the latest <see cref="EnsembleOptions.GraceMs"/> after its
/// time, from each member's newest row; the merged rows go to the one music stream, whose outputs every member gets on
/// their own timeline (their first row sets where it sits: the row is due on arrival; they hear the piece from the first
/// chunk boundary not yet merged, at their own time, and are told the piece's latest style, tempo and chord first). A member who leaves or drops does not stop
/// the piece: their roles fall back (<see cref="EnsembleRoster"/>), announced as a notice. The session ends when the
/// last member leaves; a failure of the music stream ends every member's stream with it.
/// </summary>
public sealed class EnsembleSession<TOutput>
{
    /// <summary>Rows older than this no longer count: a member who stopped sending is merged as absent.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(1);

    private const int MeterTicks = TimeGrid.RateHz / 2;

    private readonly Lock _lock = new();
    private readonly EnsembleRoster _roster;
    private readonly RoleMerge _merge;
    private readonly Dictionary<int, Member> _members = [];
    private readonly Dictionary<string, TOutput> _state = [];
    private readonly Channel<ConditionRow> _rows = Channel.CreateBounded<ConditionRow>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly IEnsembleFormat<TOutput> _format;
    private readonly EnsembleOptions _options;
    private readonly Action<EnsembleSession<TOutput>> _ended;
    private bool _closed;
    private long _nextPoint;   // the grid point the ticker merges next

    internal EnsembleSession(string name, SessionLayout layout, EnsembleOptions options, IEnsembleFormat<TOutput> format,
        Func<IAsyncEnumerable<ConditionRow>, CancellationToken, IAsyncEnumerable<TOutput>> music, Action<EnsembleSession<TOutput>> ended)
    {
        Name = name;
        Layout = layout;
        _options = options;
        _format = format;
        _ended = ended;
        _roster = new EnsembleRoster(options.MaxMembers);
        _merge = new RoleMerge(layout.Dims, layout.Names, layout.MotionEnergyIndex);
        Ticker = Task.Run(() => TickAsync(_stop.Token));
        Pump = Task.Run(() => PumpAsync(music, _stop.Token));
    }

    public string Name { get; }

    public SessionLayout Layout { get; }

    /// <summary>Merges the grid points (ends when the last member leaves).</summary>
    internal Task Ticker { get; }

    /// <summary>Hands the music's outputs to the members (ends after the music's last output).</summary>
    internal Task Pump { get; }

    /// <summary>Who drives what now.</summary>
    public string Roles { get { lock (_lock) return _roster.Describe(); } }

    /// <summary>Adds a member; false when the session has already closed (its last member left), so that the caller opens a new one.</summary>
    internal bool TryJoin(string name, EnsembleRole? role, SessionLayout layout, out EnsembleMember<TOutput>? joined)
    {
        joined = null;
        if (layout.SchemaId != Layout.SchemaId || layout.Dims != Layout.Dims)
            throw new InvalidInputException("ensemble.session", $"'{Name}' plays {Layout.SchemaId} ({Layout.Dims} values); this member's features are " +
                $"{layout.SchemaId} ({layout.Dims} values): join with the same vision options as the session's first member");
        lock (_lock)
        {
            if (_closed) return false;
            var member = _roster.Add(name, role);
            // Where the member's timeline sits on the session's is set by their first row (PushAsync).
            var state = new Member(member, Channel.CreateBounded<TOutput>(new BoundedChannelOptions(_options.MemberQueue) { SingleReader = true }));
            // The piece so far, in a word: its style and key, tempo and chord, before anything else they hear.
            foreach (var s in _state.Values) state.Outputs.Writer.TryWrite(_format.At(s, 0));
            _members.Add(member.Id, state);
            Announce(SessionNoticeKind.Joined, member.Name);
            joined = new EnsembleMember<TOutput>(this, member, state.Outputs.Reader);
            return true;
        }
    }

    /// <summary>A member's condition row, on their own timeline (index n at their time n × 20 ms). Their first row anchors
    /// that timeline on the session's: it is due on arrival (their time 0 is the session time of now less the row's time,
    /// up to a chunk boundary), so a member whose frames begin a while after they joined (a camera that starts late) is
    /// neither waited for nor heard late; they hear the piece from the first chunk boundary not yet merged, at their own
    /// time. Waits while the member is more than <see cref="MaxPending"/> rows ahead of the session (a member who sends
    /// faster than real time is held back).</summary>
    internal async ValueTask PushAsync(int member, long index, float[] values, CancellationToken ct)
    {
        if (values.Length != Layout.Dims)
            throw new InvalidInputException("condition.values", $"{values.Length} values; the session's layout has {Layout.Dims}");
        int pending;
        lock (_lock)
        {
            if (!_members.TryGetValue(member, out var m)) return;
            if (m.StartUs is not { } startUs)
            {
                startUs = CeilTo(NowUs() - index * TimeGrid.PeriodUs, Layout.ChunkUs);
                // The grid runs at most a chunk and a grid point ahead of the clock, and rows that much early are merged
                // without a wait: a time 0 that already went by is moved to the first boundary not yet merged, so that they
                // hear from their time 0 on. A first row far into its own timeline hears from that boundary at its own time.
                var open = CeilTo(_nextPoint * TimeGrid.PeriodUs, Layout.ChunkUs);
                if (startUs < open && open - startUs <= Layout.ChunkUs + TimeGrid.PeriodUs) startUs = open;
                m.StartUs = startUs;
                m.FromUs = Math.Max(startUs, open);
            }
            var point = startUs / TimeGrid.PeriodUs + index;
            if (point <= m.NewestPoint)
                throw new InvalidInputException("condition.index", $"{index} does not follow the member's last row; rows must increase");
            m.Pending.Enqueue(new ConditionRow(point, values));
            m.NewestPoint = point;
            m.NewestAt = _clock.Elapsed;
            pending = m.Pending.Count;
        }
        _arrived.Release();
        while (pending >= MaxPending)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(TimeGrid.PeriodUs / 1000), ct).ConfigureAwait(false);
            lock (_lock) pending = _members.TryGetValue(member, out var m) ? m.Pending.Count : 0;
        }
    }

    /// <summary>Member <paramref name="member"/> takes <paramref name="role"/>: the grid points merged from now on follow the new
    /// cast, and every member is told (a <see cref="SessionNoticeKind.Role"/> notice). False when nothing changed (the role
    /// they hold, or they have left).</summary>
    /// <exception cref="InvalidInputException">An exclusive role another member holds ("update.role"); nothing changes.</exception>
    internal bool ChangeRole(int member, EnsembleRole role)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(member, out var m) || m.Roster.Role == role) return false;
            m.Roster = _roster.ChangeRole(member, role);
            Announce(SessionNoticeKind.Role, m.Roster.Name);
            return true;
        }
    }

    /// <summary>The role member <paramref name="member"/> holds now (null once they have left).</summary>
    internal EnsembleRole? RoleOf(int member)
    {
        lock (_lock) return _members.TryGetValue(member, out var m) ? m.Roster.Role : null;
    }

    /// <summary>The session's clock (µs since it opened): grid point n is due at n × 20 ms.</summary>
    internal long ClockUs => NowUs();

    /// <summary>Rows a member may be ahead of the session (5 s).</summary>
    private const int MaxPending = 5 * TimeGrid.RateHz;

    /// <summary>The member sends no more: they hear the piece up to their last row, then their outputs complete.</summary>
    internal void End(int member)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(member, out var m) || m.EndUs is not null) return;
            m.EndUs = (m.NewestPoint + 1) * TimeGrid.PeriodUs;
            if (m.NewestPoint < 0) m.Outputs.Writer.TryComplete();
        }
    }

    internal void Leave(int member)
    {
        var last = false;
        lock (_lock)
        {
            if (!_members.Remove(member, out var m)) return;
            _roster.Remove(member);
            _merge.Forget(member);
            m.Outputs.Writer.TryComplete();
            if (_members.Count == 0)
            {
                _closed = last = true;
                _rows.Writer.TryComplete();   // the music renders what it has and ends
            }
            else Announce(SessionNoticeKind.Left, m.Roster.Name);
        }
        _arrived.Release();
        if (last) _ended(this);   // outside the lock: the registry takes its own lock, and joins take it before this one
    }

    private async Task TickAsync(CancellationToken ct)
    {
        try
        {
            for (long n = 0; ; n++)
            {
                // Merged once every sender has its row, never more than a chunk and a grid point before the point's time (so a member who
                // sends faster than real time cannot run the piece ahead of the others), at the latest a grace after its time.
                var point = TimeSpan.FromMicroseconds(n * TimeGrid.PeriodUs);
                var earliest = point - TimeSpan.FromMicroseconds(Layout.ChunkUs + TimeGrid.PeriodUs);
                var deadline = point + TimeSpan.FromMicroseconds(TimeGrid.PeriodUs) + TimeSpan.FromMilliseconds(_options.GraceMs);
                while (true)
                {
                    var now = _clock.Elapsed;
                    if (now >= earliest)
                    {
                        if (Ready(n, out var closed)) break;
                        if (closed) return;
                        if (now >= deadline) break;
                    }
                    await _arrived.WaitAsync((now < earliest ? earliest : deadline) - now, ct).ConfigureAwait(false);
                }
                ConditionRow row;
                lock (_lock)
                {
                    if (_closed) return;
                    var rows = new Dictionary<int, float[]>();
                    foreach (var (id, m) in _members)
                    {
                        // The member's row for this grid point, or the newest before it (a late member's last known state).
                        while (m.Pending.TryPeek(out var next) && next.Index <= n) m.Current = m.Pending.Dequeue().Values;
                        if (m.Current is null || _clock.Elapsed - m.NewestAt > StaleAfter) continue;
                        rows[id] = m.Current;
                    }
                    row = new ConditionRow(n, _merge.Step(rows, _roster));
                    _nextPoint = n + 1;
                    if (n % MeterTicks == 0) Announce(SessionNoticeKind.Meters, "");
                }
                await _rows.Writer.WriteAsync(row, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (ChannelClosedException) { }
    }

    /// <summary>Whether every member who is sending has a row for grid point <paramref name="n"/> (and someone has).</summary>
    private bool Ready(long n, out bool closed)
    {
        lock (_lock)
        {
            closed = _closed;
            var sending = _members.Values.Where(m => m.NewestPoint >= 0 && _clock.Elapsed - m.NewestAt <= StaleAfter).ToList();
            return sending.Count > 0 && sending.All(m => m.NewestPoint >= n);
        }
    }

    private async Task PumpAsync(Func<IAsyncEnumerable<ConditionRow>, CancellationToken, IAsyncEnumerable<TOutput>> music, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            await foreach (var output in music(_rows.Reader.ReadAllAsync(ct), ct).WithCancellation(ct).ConfigureAwait(false))
            {
                var pts = _format.PtsOf(output);
                lock (_lock)
                {
                    if (_format.StateKey(output) is { } key) _state[key] = output;
                    foreach (var m in _members.Values)
                    {
                        if (m.StartUs is not { } start || pts < m.FromUs) continue;
                        Deliver(m, _format.At(output, pts - start));
                        if (pts >= m.EndUs) m.Outputs.Writer.TryComplete();   // heard up to their last row
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            failure = ex;
        }
        var close = false;
        lock (_lock)
        {
            foreach (var m in _members.Values) m.Outputs.Writer.TryComplete(failure);
            if (!_closed) _closed = close = true;
        }
        if (close) _ended(this);
        await _stop.CancelAsync().ConfigureAwait(false);   // the ticker, if the music ended first
    }

    /// <summary>Under the lock.</summary>
    private void Deliver(Member m, TOutput output)
    {
        if (m.Outputs.Writer.TryWrite(output)) return;
        // A listener that stopped reading: the piece does not wait for them.
        m.Outputs.Writer.TryComplete(new LimitExceededException("Gateway:Ensemble:MemberQueue",
            $"'{m.Roster.Name}' fell {_options.MemberQueue} outputs behind the session; read the stream faster or rejoin"));
    }

    /// <summary>Under the lock.</summary>
    private void Announce(SessionNoticeKind kind, string member)
    {
        var meters = _roster.Members.Select(m => new MemberMeter(m.Name, m.Role, (float)_merge.Level(m.Id))).ToList();
        var notice = new SessionNotice(kind, Name, member, meters, _roster.Describe());
        var now = NowUs();
        foreach (var m in _members.Values) Deliver(m, _format.Notice(notice, m.StartUs is { } start ? Math.Max(0, now - start) : 0));
    }

    private long NowUs() => _clock.Elapsed.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>The smallest multiple of <paramref name="step"/> at or above <paramref name="us"/> (negative too).</summary>
    private static long CeilTo(long us, long step) => us >= 0 ? (us + step - 1) / step * step : -(-us / step * step);

    /// <summary>Where member <paramref name="member"/>'s time 0 sits on the session's clock (null before their first row).</summary>
    internal long? StartOf(int member)
    {
        lock (_lock) return _members.TryGetValue(member, out var m) ? m.StartUs : null;
    }

    private sealed class Member(RosterMember roster, Channel<TOutput> outputs)
    {
        public RosterMember Roster { get; set; } = roster;
        /// <summary>The session time of the member's time 0, set by their first row.</summary>
        public long? StartUs { get; set; }
        /// <summary>The first session time they hear (a chunk boundary at or after <see cref="StartUs"/> not yet merged then).</summary>
        public long FromUs { get; set; }
        public Channel<TOutput> Outputs { get; } = outputs;
        /// <summary>Rows not yet merged, by session grid point.</summary>
        public Queue<ConditionRow> Pending { get; } = new();
        /// <summary>The row merged last (held while the member is late).</summary>
        public float[]? Current { get; set; }
        public long NewestPoint { get; set; } = -1;
        /// <summary>Set when the member sends no more: the session time up to which they still hear the piece.</summary>
        public long? EndUs { get; set; }
        public TimeSpan NewestAt { get; set; }
    }
}
