using Expotion.Resume;

namespace Expotion.V1;

/// <summary>common.proto's <c>ResumeFrom</c> as the domain's resume point of a replaying stage (vision, smoothing).</summary>
public sealed partial class ResumeFrom
{
    public StageResumePoint ToStageResumePoint() => new(State.ToByteArray(), FromPtsUs, ReplayFromIndex);
}
