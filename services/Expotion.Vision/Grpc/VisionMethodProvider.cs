using Expotion.V1;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Expotion.Vision.Grpc;

/// <summary>
/// Binds Vision.Extract (the generated service's name and method, wire-identical) with a request marshaller that parses
/// frames into pooled buffers (<see cref="PooledFrameParser"/>), so a stream of frames above the large-object threshold does
/// not allocate one large array per frame. <see cref="VisionGrpcService"/> returns each buffer once the frame is analysed
/// or dropped. Registered as the service's method provider in <see cref="VisionHost"/>; grpc-dotnet applies the
/// interceptors, limits and metadata (the service's attributes) as it does to generated bindings.
/// </summary>
public sealed class VisionMethodProvider : IServiceMethodProvider<VisionGrpcService>
{
    public static readonly Method<ExtractRequest, ExtractResponse> Extract = new(
        MethodType.DuplexStreaming, V1.Vision.Descriptor.FullName, "Extract",
        PooledFrameParser.Marshaller(ExtractRequest.Parser, ExtractRequest.FrameFieldNumber, frame => new ExtractRequest { Frame = frame }),
        ProtoMarshallers.For(ExtractResponse.Parser));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<VisionGrpcService> context)
    {
        var metadata = new List<object>(typeof(VisionGrpcService).GetCustomAttributes(inherit: true));
        metadata.AddRange(typeof(VisionGrpcService).GetMethod(nameof(VisionGrpcService.Extract))!.GetCustomAttributes(inherit: true));
        context.AddDuplexStreamingMethod(Extract, metadata, (service, requests, responses, call) => service.Extract(requests, responses, call));
    }
}
