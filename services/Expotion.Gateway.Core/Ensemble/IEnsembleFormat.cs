namespace Expotion.Gateway.Core.Ensemble;

/// <summary>How an <see cref="EnsembleSession{TOutput}"/> reads and makes the outputs of one wire format (the gateway's: the protos).</summary>
public interface IEnsembleFormat<TOutput>
{
    /// <summary>The output's presentation time (the start, for audio), in µs.</summary>
    long PtsOf(TOutput output);

    /// <summary>A copy of the output at <paramref name="ptsUs"/> (a member's own timeline); the original is shared by every member and left as it is.</summary>
    TOutput At(TOutput output, long ptsUs);

    /// <summary>For an event that states where the piece is (its style and key, its tempo, its chord), a key naming that
    /// kind of state, so that a late member can be told the latest of each when they join; null for anything else.</summary>
    string? StateKey(TOutput output);

    /// <summary>A session notice (a member joined, left or changed role, the roles, the members' motion meters) as an output at <paramref name="ptsUs"/>.</summary>
    TOutput Notice(SessionNotice notice, long ptsUs);
}

public enum SessionNoticeKind { Joined, Left, Meters, Role }

/// <summary>A member as the others see them: name, role, and their motion level (image widths per second, 2 s mean).</summary>
public sealed record MemberMeter(string Name, EnsembleRole Role, float Motion);

/// <param name="Member">Who joined, left or changed role (empty for meters).</param>
/// <param name="Roles">Who drives each role now (<see cref="EnsembleRoster.Describe"/>).</param>
public sealed record SessionNotice(SessionNoticeKind Kind, string Session, string Member, IReadOnlyList<MemberMeter> Members, string Roles);

/// <summary>One 50 Hz condition row: index n sits at n × 20 ms.</summary>
public readonly record struct ConditionRow(long Index, float[] Values);

/// <summary>What every member's condition rows must look like, and the session's audio chunk length.</summary>
public sealed record SessionLayout(string SchemaId, int Dims, IReadOnlyList<string> Names, int MotionEnergyIndex, long ChunkUs);
