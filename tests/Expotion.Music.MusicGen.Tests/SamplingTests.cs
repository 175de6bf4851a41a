using Expotion.Music.Core;

namespace Expotion.Music.MusicGen.Tests;

public sealed class SamplingTests
{
    [Fact]
    public void Guidance_KnownLogits_UncondPlusScaleTimesDifference()
    {
        float[] cond = [1f, 2f, -1f, 0f];
        float[] uncond = [0f, 4f, -1f, 2f];
        var guided = new float[4];
        Guidance.Apply(cond, uncond, 3f, guided);
        Assert.Equal([3f, -2f, -1f, -4f], guided);
        Guidance.Apply(cond, uncond, 1f, guided);
        Assert.Equal(cond, guided);
    }

    private static float[] Logits(int n = 64)
    {
        var logits = new float[n];
        for (var i = 0; i < n; i++) logits[i] = MathF.Sin(i * 1.3f) * 2f;
        return logits;
    }

    private static int ArgMax(float[] v) => Array.IndexOf(v, v.Max());

    [Fact]
    public void Sample_SameSeed_SameDraws()
    {
        var logits = Logits();
        var a = new TokenSampler(MusicGenSampling.Default, 5);
        var b = new TokenSampler(MusicGenSampling.Default, 5);
        var c = new TokenSampler(MusicGenSampling.Default, 6);
        var da = Enumerable.Range(0, 50).Select(_ => a.Sample(logits)).ToArray();
        var db = Enumerable.Range(0, 50).Select(_ => b.Sample(logits)).ToArray();
        var dc = Enumerable.Range(0, 50).Select(_ => c.Sample(logits)).ToArray();
        Assert.Equal(da, db);
        Assert.NotEqual(da, dc);
    }

    [Fact]
    public void Sample_TopK_DrawsOnlyTheKBest()
    {
        var logits = Logits();
        var best = logits.Select((v, i) => (v, i)).OrderByDescending(p => p.v).Take(3).Select(p => p.i).ToHashSet();
        var sampler = new TokenSampler(new MusicGenSampling(TopK: 3, Temperature: 5), 1);
        var seen = Enumerable.Range(0, 500).Select(_ => sampler.Sample(logits)).ToHashSet();
        Assert.Subset(best, seen);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void Sample_TopK_TiesGoToTheLowerIds()
    {
        var logits = new float[40];
        logits[30] = 1f;                      // one clear best, then 39 ties at 0
        var sampler = new TokenSampler(new MusicGenSampling(TopK: 3), 2);
        var seen = Enumerable.Range(0, 400).Select(_ => sampler.Sample(logits)).ToHashSet();
        Assert.Equal([0, 1, 30], seen.Order());
    }

    [Fact]
    public void Sample_TopOne_IsArgMax()
    {
        var logits = Logits();
        var sampler = new TokenSampler(new MusicGenSampling(TopK: 1), 1);
        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(ArgMax(logits), sampler.Sample(logits)));
    }

    [Fact]
    public void Sample_TopP_KeepsTheSmallestNucleus()
    {
        // Probabilities ≈ 0.6, 0.3, 0.1 (and ~0 for the rest): p = 0.8 keeps the first two only.
        float[] logits = [MathF.Log(0.6f), MathF.Log(0.3f), MathF.Log(0.1f), -30f, -30f];
        var sampler = new TokenSampler(new MusicGenSampling(TopK: 0, TopP: 0.8), 3);
        var counts = new int[5];
        for (var i = 0; i < 3000; i++) counts[sampler.Sample(logits)]++;
        Assert.Equal(0, counts[2] + counts[3] + counts[4]);
        Assert.InRange(counts[0] / 3000.0, 0.6, 0.73);   // 0.6 / 0.9 ≈ 0.67 after renormalising
    }

    [Fact]
    public void Sample_LowTemperature_Concentrates()
    {
        var logits = Enumerable.Range(0, 64).Select(i => -0.5f * i).ToArray();
        var hot = new TokenSampler(new MusicGenSampling(TopK: 0, Temperature: 3), 9);
        var cold = new TokenSampler(new MusicGenSampling(TopK: 0, Temperature: 0.2), 9);
        var top = ArgMax(logits);
        var hotHits = Enumerable.Range(0, 1000).Count(_ => hot.Sample(logits) == top);
        var coldHits = Enumerable.Range(0, 1000).Count(_ => cold.Sample(logits) == top);
        Assert.True(coldHits > hotHits + 200, $"cold {coldHits}, hot {hotHits}");
    }

    [Theory]
    [InlineData(-1.0, 250, 0.0, 1.0, "musicgen.guidance_scale")]
    [InlineData(3.0, -1, 0.0, 1.0, "musicgen.top_k")]
    [InlineData(3.0, 250, 1.5, 1.0, "musicgen.top_p")]
    [InlineData(3.0, 250, 0.0, 0.0, "musicgen.temperature")]
    public void Validate_OutOfRange_NamesTheField(double guidance, int topK, double topP, double temperature, string field)
    {
        var ex = Assert.Throws<InvalidInputException>(() => new MusicGenSampling(guidance, topK, topP, temperature).Validate());
        Assert.Equal(field, ex.Field);
    }
}
