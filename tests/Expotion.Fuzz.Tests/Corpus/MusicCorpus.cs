using Expotion.Core;
using Expotion.V1;

namespace Expotion.Fuzz.Tests.Corpus;

/// <summary>Hostile Music.Generate streams: absurd sample rates, channels, chunk lengths, prompts and schemas; NaN/inf values; indices off the grid.</summary>
public sealed class MusicCorpus(int seed, int maxMessageBytes) : ServiceCorpus<GenerateRequest>(seed, maxMessageBytes)
{
    private const int Dims = 3;

    private static FeatureSchema Schema() => new() { Id = "c", Dims = Dims, Names = { "energy", "x", "y" }, MotionEnergyIndex = 0 };

    protected override GenerateRequest ValidConfig() => new()
    {
        Config = new GenerateConfig { Prompt = Pick("calm piano", "upbeat pop with drums", ""), Seed = (ulong)R.Next(), Schema = Schema(), Encoding = Pick(AudioEncoding.PcmF32Le, AudioEncoding.PcmS16Le) },
    };

    protected override GenerateRequest HostileConfig() => new()
    {
        Config = new GenerateConfig
        {
            Prompt = Pick("", new string('x', 2001), "\u0000\uFFFD\uD83C\uDFB5 ☃", "tempo 100000 bpm", "tempo -5 bpm"),
            Seed = Pick(0UL, ulong.MaxValue),
            Backend = Pick("", "conductor", "nope", "../../etc/passwd"),
            SampleRate = Pick(HostileInts), Channels = Pick(-1, 0, 1, 2, 3, int.MaxValue), ChunkMs = Pick(-5, 0, 9, 10, 1000, 1001, int.MaxValue),
            Schema = R.Next(5) == 0 ? null : new FeatureSchema
            {
                Id = "c", Dims = Pick(HostileInts), MotionEnergyIndex = Pick(-5, -1, 0, 2, 3, int.MaxValue),
                Names = { Enumerable.Range(0, Pick(0, 2, 3, 4)).Select(i => $"n{i}") },
            },
            Encoding = (AudioEncoding)R.Next(-1, 5),
        },
    };

    protected override GenerateRequest ValidItem(int index) => new()
    {
        Condition = new ConditionFrame { Index = index, PtsUs = TimeGrid.PtsOf(index), Values = { Enumerable.Range(0, Dims).Select(_ => (float)R.NextDouble()) } },
    };

    protected override GenerateRequest HostileItem(int index)
    {
        var i = R.Next(2) == 0 ? Pick(long.MinValue, -1L, 0L, index - 1L, index + 2L, 30_001L, long.MaxValue) : index;
        return new()
        {
            Condition = new ConditionFrame
            {
                Index = i, PtsUs = R.Next(3) == 0 ? Pick(HostileTimes) : unchecked(i * TimeGrid.PeriodUs),
                Values = { Enumerable.Range(0, Pick(0, Dims, Dims, 4, 1000)).Select(_ => R.Next(2) == 0 ? Pick(HostileFloats) : (float)R.NextDouble()) },
            },
        };
    }

    protected override GenerateRequest End() => new() { End = new End() };
}
