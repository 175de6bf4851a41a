using Google.Protobuf;

namespace Expotion.V1;

public sealed partial class ResumeToken
{
    /// <summary>A checkpoint: output before <paramref name="ptsUs"/> has been sent; the client must hold items from <paramref name="replayFromIndex"/> on.</summary>
    public static ResumeToken Checkpoint(long ptsUs, long replayFromIndex, ByteString state) =>
        new() { PtsUs = ptsUs, ReplayFromIndex = replayFromIndex, State = state };
}
