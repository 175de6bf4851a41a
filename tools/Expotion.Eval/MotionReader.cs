using Expotion.Client.Media;
using Expotion.Composition;
using Expotion.V1;
using Grpc.Core;

namespace Expotion.Eval;

/// <summary>Runs a video through the vision stage (Vision.Extract over gRPC) and keeps its motion energy.</summary>
public static class MotionReader
{
    public static async Task<MotionTrack> ReadAsync(Uri vision, string videoPath, double fps, int maxWidth, CancellationToken cancellationToken)
    {
        var info = await VideoFileSource.ProbeAsync(videoPath, cancellationToken);
        using var channel = ExpotionChannel.Create(vision);
        var client = new V1.Vision.VisionClient(channel);
        using var call = client.Extract(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new ExtractRequest { Config = new ExtractConfig() }, cancellationToken);
        var send = Task.Run(async () =>
        {
            await foreach (var frame in VideoFileSource.ReadAsync(info, fps, maxWidth, cancellationToken))
                await call.RequestStream.WriteAsync(new ExtractRequest { Frame = frame }, cancellationToken);
            await call.RequestStream.WriteAsync(new ExtractRequest { End = new End() }, cancellationToken);
            await call.RequestStream.CompleteAsync();
        }, cancellationToken);
        var collector = new MotionCollector();
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (response.KindCase == ExtractResponse.KindOneofCase.Schema) collector.Schema(response.Schema);
            else if (response.KindCase == ExtractResponse.KindOneofCase.Features) collector.Add(response.Features);
        }
        await send;
        return collector.Analyze();
    }
}
