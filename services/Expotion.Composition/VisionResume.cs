using Expotion.V1;
using Grpc.Core;

namespace Expotion.Composition;

/// <summary>
/// Vision.Extract: frames in, one features message per frame out. The stage checkpoints after every features
/// message, so the client retains only the frames from the last one answered on (the stage replays that one
/// frame to rebuild its optical flow and pose tracker, and does not send its features again).
/// </summary>
public sealed class VisionResume(V1.Vision.VisionClient client, ExtractConfig config) : StageResume<ExtractRequest, ExtractResponse>
{
    public override string Stage => "vision";

    public override AsyncDuplexStreamingCall<ExtractRequest, ExtractResponse> Open(DateTime? deadline, CancellationToken cancellationToken) =>
        client.Extract(deadline: deadline, cancellationToken: cancellationToken);

    public override ExtractRequest Config(ResumeFrom? resume)
    {
        var c = config.Clone();
        c.Resume = resume;
        return new ExtractRequest { Config = c };
    }

    public override ExtractRequest End => new() { End = new End() };

    public override bool IsItem(ExtractRequest request) => request.KindCase == ExtractRequest.KindOneofCase.Frame;

    public override bool IsEnd(ExtractRequest request) => request.KindCase == ExtractRequest.KindOneofCase.End;

    public override ResumeToken? Checkpoint(ExtractResponse response) => response.Checkpoint;

    public override bool IsPreamble(ExtractResponse response) => response.KindCase == ExtractResponse.KindOneofCase.Schema;

    public override long Advance(ExtractResponse response, long receivedUs) =>
        response.KindCase == ExtractResponse.KindOneofCase.Features ? AfterPoint(response.Features.PtsUs, receivedUs, "features") : receivedUs;

    public override int MaxRetained(ResumeOptions options) => options.MaxRetainedVideoFrames;
}
