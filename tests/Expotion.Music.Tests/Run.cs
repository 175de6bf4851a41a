using Expotion.Music.Core;

namespace Expotion.Music.Tests;

/// <summary>Runs a backend over a stream and collects what it emits.</summary>
internal static class Run
{
    public static readonly Core.Conductor.Conductor Conductor = new();

    public static async Task<List<MusicOutput>> CollectAsync(MusicSettings settings, IAsyncEnumerable<Condition> conditions,
        IMusicBackend? backend = null)
    {
        var outputs = new List<MusicOutput>();
        await foreach (var o in (backend ?? Conductor).GenerateAsync(settings, conditions, new StreamStats(), TestContext.Current.CancellationToken))
            outputs.Add(o);
        return outputs;
    }

    public static Task<List<MusicOutput>> CollectAsync(MusicSettings settings, float[] energy) =>
        CollectAsync(settings, Synthetic.Stream(energy, cancellationToken: TestContext.Current.CancellationToken));
}
