using Expotion.Music.Core;

namespace Expotion.Music.MusicGen.Tests;

/// <summary>The token loop on the tiny graphs: cache, seeds, prompt, adaptor, sliding window.</summary>
public sealed class DecoderTests(TinyModels models) : IClassFixture<TinyModels>
{
    [Fact]
    public void Generate_OneFramePerCondition_CodesInRange()
    {
        var frames = Streams.Generate(models.PlainModel, TinyModels.Options(models.Plain), 23);
        Assert.Equal(23, frames.Count);
        Assert.All(frames, f => Assert.All(f, c => Assert.InRange(c, 0, DelayPattern.PadToken - 1)));
    }

    [Fact]
    public void Generate_KvCache_SameTokensAsFullRerun()
    {
        var cached = Streams.Generate(models.AdaptorModel, TinyModels.Options(models.Adaptor, cache: true, window: 14, stride: 6), 40);
        var uncached = Streams.Generate(models.AdaptorModel, TinyModels.Options(models.Adaptor, cache: false, window: 14, stride: 6), 40);
        Assert.Equal(40, cached.Count);
        Assert.True(Streams.Same(cached, uncached), "the cached and uncached decoders disagree");
    }

    [Fact]
    public void Generate_SameSeed_SameTokens_OtherSeed_OtherTokens()
    {
        var options = TinyModels.Options(models.Plain);
        var a = Streams.Generate(models.PlainModel, options, 30, seed: 11);
        var b = Streams.Generate(models.PlainModel, options, 30, seed: 11);
        var c = Streams.Generate(models.PlainModel, options, 30, seed: 12);
        Assert.True(Streams.Same(a, b));
        Assert.False(Streams.Same(a, c));
    }

    [Fact]
    public void Generate_Prompt_ChangesTokens()
    {
        var options = TinyModels.Options(models.Plain);
        var sampling = new MusicGenSampling(TopK: 1);
        var jazz = Streams.Generate(models.PlainModel, options, 20, prompt: "calm jazz piano", sampling: sampling);
        var rock = Streams.Generate(models.PlainModel, options, 20, prompt: "fast rock drums", sampling: sampling);
        Assert.False(Streams.Same(jazz, rock));
    }

    [Fact]
    public void Generate_GuidanceScale_UsesTheNullTextHalf()
    {
        var options = TinyModels.Options(models.Plain);
        var textOnly = Streams.Generate(models.PlainModel, options, 20, sampling: new MusicGenSampling(GuidanceScale: 1, TopK: 1));
        var guided = Streams.Generate(models.PlainModel, options, 20, sampling: new MusicGenSampling(GuidanceScale: 6, TopK: 1));
        Assert.False(Streams.Same(textOnly, guided));
    }

    [Fact]
    public void Generate_AdaptorGraph_FollowsTheConditions()
    {
        Assert.True(models.AdaptorModel.Signature.HasAdaptor);
        Assert.Equal((501, TinyModels.ConditionDims), (models.AdaptorModel.Signature.ConditionFrames, models.AdaptorModel.Signature.ConditionDims));
        var options = TinyModels.Options(models.Adaptor);
        var sampling = new MusicGenSampling(TopK: 1);
        var moving = Streams.Generate(models.AdaptorModel, options, 20, sampling: sampling, gain: 1f);
        var still = Streams.Generate(models.AdaptorModel, options, 20, sampling: sampling, gain: 0f);
        Assert.False(Streams.Same(moving, still));
    }

    [Fact]
    public void Generate_PlainGraph_IsNotFedConditions()
    {
        Assert.False(models.PlainModel.Signature.HasAdaptor);
        var options = TinyModels.Options(models.Plain);
        var moving = Streams.Generate(models.PlainModel, options, 20, gain: 1f);
        var still = Streams.Generate(models.PlainModel, options, 20, gain: 0f);
        Assert.True(Streams.Same(moving, still));
    }

    [Fact]
    public void Generate_SlidingWindow_KeepsTheFirstWindowAndGoesOn()
    {
        var wide = Streams.Generate(models.PlainModel, TinyModels.Options(models.Plain, window: 500), 45);
        var sliding = Streams.Generate(models.PlainModel, TinyModels.Options(models.Plain, window: 16, stride: 8), 45);
        Assert.Equal(45, sliding.Count);
        // Until the window's end both runs made the same draws, so the frames finished before it agree (13: the
        // window's last 3 frames finish after position 16, where the sliding run pads frame 16 as audiocraft does and
        // the wide run samples it); after the slide the context differs (the prompt is the last 8 frames only), so
        // the continuation does too.
        Assert.True(Streams.Same(wide.Take(13).ToList(), sliding.Take(13).ToList()));
        Assert.False(Streams.Same(wide.Take(16).ToList(), sliding.Take(16).ToList()));
        Assert.False(Streams.Same(wide.Skip(16).ToList(), sliding.Skip(16).ToList()));
    }

    [Fact]
    public void TryStep_Causal_WaitsForTheCondition_LookaheadWaitsLonger()
    {
        var ct = TestContext.Current.CancellationToken;
        var text = TextConditioning.Encode(models.AdaptorModel, "calm", ct);
        var store = new ConditionStore();
        for (var i = 0; i < 3; i++) store.Add(Streams.At(i));
        var frames = new List<int[]>();

        using var causal = new MusicGenDecoder(models.AdaptorModel, text, MusicGenSampling.Default, 1, TinyModels.Options(models.Adaptor));
        var steps = 0;
        while (causal.TryStep(store, ended: false, frames, ct)) steps++;
        Assert.Equal(3, steps);                       // codebook 0 of frames 0, 1, 2

        var ahead = TinyModels.Options(models.Adaptor);
        ahead.ConditionLookaheadFrames = 2;
        using var waiting = new MusicGenDecoder(models.AdaptorModel, text, MusicGenSampling.Default, 1, ahead);
        steps = 0;
        while (waiting.TryStep(store, ended: false, frames, ct)) steps++;
        Assert.Equal(1, steps);                       // frame 0 needs frames 1 and 2 as well
    }

    [Fact]
    public void ConditionStore_Window_RowsInOrder_GapsAndFutureZero_BothHalves()
    {
        var store = new ConditionStore();
        store.Add(new Condition(0, 0, [1f, 2f, 3f]));
        store.Add(new Condition(2, 40_000, [4f, 5f, 6f]));
        var window = store.Window(start: 0, rows: 5, dims: 2);
        float[] half = [1f, 2f, 0f, 0f, 4f, 5f, 0f, 0f, 0f, 0f];
        Assert.Equal([.. half, .. half], window);
        Assert.Equal(3, store.Count);
        var ex = Assert.Throws<InvalidInputException>(() => store.Add(new Condition(1, 20_000, [0f])));
        Assert.Equal("condition.index", ex.Field);
    }
}
