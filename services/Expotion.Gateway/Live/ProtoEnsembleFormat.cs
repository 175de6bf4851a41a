using Expotion.Gateway.Core.Ensemble;
using Expotion.V1;

namespace Expotion.Gateway.Live;

/// <summary><see cref="IEnsembleFormat{TOutput}"/> for the protos: what a session's music outputs and notices are on the wire.</summary>
public sealed class ProtoEnsembleFormat : IEnsembleFormat<PerformResponse>
{
    public static ProtoEnsembleFormat Instance { get; } = new();

    public long PtsOf(PerformResponse output) => ProtoPerformFormat.Instance.PtsOf(output);

    public PerformResponse At(PerformResponse output, long ptsUs)
    {
        var moved = output.Clone();   // the audio's bytes are an immutable ByteString: shared, not copied
        ProtoPerformFormat.Instance.Later(moved, new Expotion.Gateway.Core.TimeShift(ptsUs - PtsOf(output)));
        return moved;
    }

    public string? StateKey(PerformResponse output) => output.KindCase != PerformResponse.KindOneofCase.Event ? null : output.Event.KindCase switch
    {
        MusicEvent.KindOneofCase.Style => "style",
        MusicEvent.KindOneofCase.Tempo => "tempo",
        MusicEvent.KindOneofCase.Chord => "chord",
        _ => null,
    };

    public PerformResponse Notice(SessionNotice notice, long ptsUs) => new()
    {
        Session = new SessionEvent
        {
            PtsUs = ptsUs,
            Kind = notice.Kind switch
            {
                SessionNoticeKind.Joined => SessionEvent.Types.Kind.Joined,
                SessionNoticeKind.Left => SessionEvent.Types.Kind.Left,
                SessionNoticeKind.Role => SessionEvent.Types.Kind.Role,
                _ => SessionEvent.Types.Kind.Meters,
            },
            Member = notice.Member,
            Session = notice.Session,
            Roles = notice.Roles,
            Members = { notice.Members.Select(m => new SessionMember { Name = m.Name, Role = m.Role.Name(), Motion = m.Motion }) },
        },
    };
}
