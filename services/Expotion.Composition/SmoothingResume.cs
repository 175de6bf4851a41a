using Expotion.V1;
using Grpc.Core;

namespace Expotion.Composition;

/// <summary>Smoothing.Align: feature frames in, conditions on the 50 Hz grid out; the stage replays from frame 0.</summary>
public sealed class SmoothingResume(V1.Smoothing.SmoothingClient client, AlignConfig config) : StageResume<AlignRequest, AlignResponse>
{
    public override string Stage => "smoothing";

    public override AsyncDuplexStreamingCall<AlignRequest, AlignResponse> Open(DateTime? deadline, CancellationToken cancellationToken) =>
        client.Align(deadline: deadline, cancellationToken: cancellationToken);

    public override AlignRequest Config(ResumeFrom? resume)
    {
        var c = config.Clone();
        c.Resume = resume;
        return new AlignRequest { Config = c };
    }

    public override AlignRequest End => new() { End = new End() };

    public override bool IsItem(AlignRequest request) => request.KindCase == AlignRequest.KindOneofCase.Frame;

    public override bool IsEnd(AlignRequest request) => request.KindCase == AlignRequest.KindOneofCase.End;

    public override ResumeToken? Checkpoint(AlignResponse response) => response.Checkpoint;

    public override long Advance(AlignResponse response, long receivedUs) =>
        response.KindCase == AlignResponse.KindOneofCase.Condition ? AfterPoint(response.Condition.PtsUs, receivedUs, "condition") : receivedUs;

    public override int MaxRetained(ResumeOptions options) => options.MaxRetainedFeatureFrames;
}
