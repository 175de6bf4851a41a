using Expotion.V1;

namespace Expotion.Client;

/// <summary>Frames and a prompt in, audio and events out: the pipeline, whether composed here or behind a gateway.</summary>
public interface IPerformer
{
    IAsyncEnumerable<PerformResponse> PerformAsync(PerformConfig config, IAsyncEnumerable<VideoFrame> frames, CancellationToken cancellationToken);
}
