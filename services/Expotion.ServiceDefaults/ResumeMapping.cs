using Expotion.Resume;
using Expotion.V1;
using Google.Protobuf;

namespace Expotion.ServiceDefaults;

/// <summary>proto ↔ domain for resuming a stream (common.proto, <c>ResumeFrom</c> and <c>ResumeToken</c>), shared by the replaying stages.</summary>
public static class ResumeMapping
{
    public static StageResumePoint ToDomain(this ResumeFrom resume)
    {
        ArgumentNullException.ThrowIfNull(resume);
        return new StageResumePoint(resume.State.ToByteArray(), resume.FromPtsUs, resume.ReplayFromIndex);
    }

    /// <summary>A checkpoint: output before <paramref name="ptsUs"/> has been sent; the client must hold items from <paramref name="replayFromIndex"/> on.</summary>
    public static ResumeToken Checkpoint(long ptsUs, long replayFromIndex, ByteString state) =>
        new() { PtsUs = ptsUs, ReplayFromIndex = replayFromIndex, State = state };
}
