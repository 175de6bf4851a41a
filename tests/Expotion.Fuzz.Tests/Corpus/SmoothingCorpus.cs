using Expotion.V1;

namespace Expotion.Fuzz.Tests.Corpus;

/// <summary>Hostile Smoothing.Align streams: absurd dims and windows, unknown modes, NaN/inf values, wrong value counts, bad timestamps.</summary>
public sealed class SmoothingCorpus(int seed, int maxMessageBytes) : ServiceCorpus<AlignRequest>(seed, maxMessageBytes)
{
    private const int Dims = 3;

    protected override AlignRequest ValidConfig() => new()
    {
        Config = new AlignConfig { Schema = new FeatureSchema { Id = "f", Dims = Dims }, Mode = Pick(SmoothingMode.Causal, SmoothingMode.Centred, SmoothingMode.ExpotionOffline) },
    };

    protected override AlignRequest HostileConfig() => new()
    {
        Config = new AlignConfig
        {
            Schema = R.Next(5) == 0 ? null : new FeatureSchema { Id = "f", Dims = Pick(HostileInts), MotionEnergyIndex = Pick(HostileInts) },
            Mode = (SmoothingMode)R.Next(-2, 7),
            SmoothingMs = Pick(HostileDoubles), LookaheadMs = Pick(HostileDoubles),
            TargetFrames = Pick(-1, 0, 1, 1_000_000, 10_000_001, int.MaxValue),
        },
    };

    protected override AlignRequest ValidItem(int index) => new()
    {
        Frame = new FeatureFrame { PtsUs = index * 33_333L, Schema = "f", Values = { Enumerable.Range(0, Dims).Select(_ => (float)R.NextDouble()) } },
    };

    protected override AlignRequest HostileItem(int index) => new()
    {
        Frame = new FeatureFrame
        {
            PtsUs = R.Next(2) == 0 ? Pick(HostileTimes) : index * 33_333L,
            Schema = Pick("f", "", "other"),
            Values = { Enumerable.Range(0, Pick(0, Dims, Dims, Dims + 1, 1000)).Select(_ => R.Next(3) == 0 ? Pick(HostileFloats) : (float)R.NextDouble()) },
        },
    };

    protected override AlignRequest End() => new() { End = new End() };
}
