using Expotion.V1;
using Grpc.Core;

namespace Expotion.Composition;

/// <summary>Music.Generate: conditions in, audio on a contiguous timeline out (each chunk starts where the previous ended).</summary>
public sealed class MusicResume(V1.Music.MusicClient client, GenerateConfig config) : StageResume<GenerateRequest, GenerateResponse>
{
    public override string Stage => "music";

    public override AsyncDuplexStreamingCall<GenerateRequest, GenerateResponse> Open(DateTime? deadline, CancellationToken cancellationToken) =>
        client.Generate(deadline: deadline, cancellationToken: cancellationToken);

    public override GenerateRequest Config(ResumeFrom? resume)
    {
        var c = config.Clone();
        c.Resume = resume;
        return new GenerateRequest { Config = c };
    }

    public override GenerateRequest End => new() { End = new End() };

    public override bool IsItem(GenerateRequest request) => request.KindCase == GenerateRequest.KindOneofCase.Condition;

    public override bool IsEnd(GenerateRequest request) => request.KindCase == GenerateRequest.KindOneofCase.End;

    public override ResumeToken? Checkpoint(GenerateResponse response) => response.Checkpoint;

    public override long Advance(GenerateResponse response, long receivedUs)
    {
        if (response.KindCase != GenerateResponse.KindOneofCase.Audio) return receivedUs;
        var chunk = response.Audio;
        if (chunk.PtsUs != receivedUs)
            throw new RpcException(new Status(StatusCode.Internal,
                $"audio at {chunk.PtsUs} µs after audio up to {receivedUs} µs: the stage {(chunk.PtsUs < receivedUs ? "repeated" : "skipped")} audio"));
        if (chunk.SampleRate <= 0)
            throw new RpcException(new Status(StatusCode.Internal, $"audio chunk at {chunk.PtsUs} µs has sample rate {chunk.SampleRate}"));
        return chunk.PtsUs + chunk.Frames * 1_000_000L / chunk.SampleRate;
    }

    public override int MaxRetained(ResumeOptions options) => options.MaxRetainedConditions;
}
