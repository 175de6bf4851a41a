using Expotion.Music.Core.Conductor;

namespace Expotion.Music.MusicGen.Synthetic;

/// <summary>Deterministic weights for the synthetic graphs: uniform in ±gain/√fanIn from a seeded generator.</summary>
internal sealed class WeightSource(ulong seed)
{
    private readonly SeededRandom _random = new(seed);

    public float[] Uniform(int count, int fanIn, float gain = 1f)
    {
        var bound = gain / MathF.Sqrt(fanIn);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)((_random.NextDouble() * 2 - 1) * bound);
        return values;
    }

    public static float[] Constant(int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}
