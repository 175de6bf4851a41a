using System.Runtime.CompilerServices;
using Expotion.Core;
using Expotion.Music.Core;
using Expotion.Music.MusicGen;

namespace Expotion.Music.MusicGen.Tests;

/// <summary>Condition streams and decoding helpers for the tests.</summary>
internal static class Streams
{
    public static ConditionLayout Layout(int dims = TinyModels.ConditionDims) =>
        new("test.v1", dims, [], MotionEnergyIndex: -1);

    public static MusicSettings Settings(string prompt = "calm jazz piano", ulong seed = 7, int channels = 1, int chunkMs = 100,
        MusicGenSampling? sampling = null) =>
        new(prompt, seed, MusicGenModel.SampleRate, channels, chunkMs, Layout()) { MusicGen = sampling ?? MusicGenSampling.Default };

    /// <summary>Condition frame i: a slow wave per channel, scaled by <paramref name="gain"/>.</summary>
    public static Condition At(int index, float gain = 1f)
    {
        var values = new float[TinyModels.ConditionDims];
        for (var d = 0; d < values.Length; d++) values[d] = gain * MathF.Sin(index * 0.2f + d);
        return new Condition(index, index * TimeGrid.PeriodUs, values);
    }

    public static async IAsyncEnumerable<Condition> Frames(int count, float gain = 1f, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return At(i, gain);
        }
        await Task.CompletedTask;
    }

    /// <summary>Runs a decoder over <paramref name="count"/> conditions (all present from the start) and returns every frame's codes.</summary>
    public static List<int[]> Generate(MusicGenModel model, MusicGenOptions options, int count, string prompt = "calm jazz piano",
        ulong seed = 7, MusicGenSampling? sampling = null, float gain = 1f)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new ConditionStore();
        for (var i = 0; i < count; i++) store.Add(At(i, gain));
        var text = TextConditioning.Encode(model, prompt, ct);
        using var decoder = new MusicGenDecoder(model, text, sampling ?? MusicGenSampling.Default, seed, options);
        var frames = new List<int[]>();
        while (decoder.TryStep(store, ended: true, frames, ct)) { }
        return frames;
    }

    public static async Task<List<AudioBlock>> CollectAsync(IMusicBackend backend, MusicSettings settings, int frames, float gain = 1f)
    {
        var ct = TestContext.Current.CancellationToken;
        var blocks = new List<AudioBlock>();
        await foreach (var output in backend.GenerateAsync(settings, Frames(frames, gain, ct), new StreamStats(), ct))
            blocks.Add(Assert.IsType<AudioBlock>(output));
        return blocks;
    }

    public static bool Same(List<int[]> a, List<int[]> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second));
}
