using Expotion.V1;
using Polly;

namespace Expotion.Composition;

/// <summary>
/// One Music.Generate stream that survives the music stage's failure: a
/// <see cref="ResumableStageStream{TRequest, TResponse}"/> over <see cref="MusicResume"/>. The caller reads one
/// contiguous audio timeline, nothing missing and nothing twice (each chunk is checked to start where the
/// previous one ended).
/// </summary>
public sealed class ResumableMusicStream : ResumableStageStream<GenerateRequest, GenerateResponse>
{
    /// <param name="client">The music stage's client.</param>
    /// <param name="config">The stream's config (with its schema); <c>resume</c> must be unset.</param>
    /// <param name="reconnect">The policy that governs reopening (<see cref="ConnectionPolicy.ForResume"/>).</param>
    /// <param name="options">Retention limits.</param>
    /// <param name="deadline">When the stream must be over (UTC; null = never): every call it opens, resumed ones too, carries it.</param>
    /// <param name="cancellationToken">The stream's lifetime: cancelling it cancels every call it opens.</param>
    public ResumableMusicStream(V1.Music.MusicClient client, GenerateConfig config, ResiliencePipeline reconnect,
        ResumeOptions? options, DateTime? deadline, CancellationToken cancellationToken)
        : base(new MusicResume(client, NewStream(config)), reconnect, options, deadline, cancellationToken)
    {
    }

    private static GenerateConfig NewStream(GenerateConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Resume is null ? config : throw new ArgumentException("a new stream has no resume point", nameof(config));
    }
}
