using Expotion.V1;

namespace Expotion.Composition;

/// <summary>
/// The pipeline in the two halves an ensemble needs: each member's frames to condition rows (vision and smoothing),
/// and one music stream for the merged rows of all of them.
/// </summary>
public interface IEnsembleStages
{
    /// <summary>Frames → Vision.Extract → Smoothing.Align: the schema first, then the features (if
    /// <see cref="PerformConfig.IncludeFeatures"/>) and every condition frame. <c>config.Music</c> is not read.</summary>
    IAsyncEnumerable<PerformResponse> ConditionsAsync(PerformConfig config, IAsyncEnumerable<VideoFrame> frames, DateTime? deadline, CancellationToken cancellationToken);

    /// <summary>Condition frames → Music.Generate: audio, events and the summary. <paramref name="config"/> carries the schema.</summary>
    IAsyncEnumerable<PerformResponse> GenerateAsync(GenerateConfig config, IAsyncEnumerable<ConditionFrame> conditions, DateTime? deadline, CancellationToken cancellationToken);
}
