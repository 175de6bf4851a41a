namespace Expotion.Vision.Models.Conversion;

/// <summary>A weight of a TF.js graph model, expanded to float32 or int32 (float16 and affine-quantised
/// weights are dequantised on load).</summary>
public sealed record TfjsTensor(string Name, OnnxDataType Type, long[] Shape, float[]? Floats, int[]? Ints)
{
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    public int[] AsInts() => Ints ?? throw new TfjsConversionException($"weight {Name} is {Type}, an integer tensor was expected");

    public float[] AsFloats() => Floats ?? throw new TfjsConversionException($"weight {Name} is {Type}, a float tensor was expected");
}
