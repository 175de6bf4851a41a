using Google.Protobuf;

namespace Expotion.V1;

/// <summary>gRPC marshallers for our messages where a binding is written by hand (see <see cref="PooledFrameParser"/>).</summary>
public static class ProtoMarshallers
{
    /// <summary>Serializes straight into the transport's buffer, as the generated bindings do.</summary>
    public static void Serialize<T>(T message, Grpc.Core.SerializationContext context) where T : IMessage<T>, IBufferMessage
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    /// <summary>The ordinary marshaller: <see cref="Serialize{T}"/> and the message's own parser.</summary>
    public static Grpc.Core.Marshaller<T> For<T>(MessageParser<T> parser) where T : IMessage<T>, IBufferMessage =>
        Grpc.Core.Marshallers.Create<T>(Serialize, context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
