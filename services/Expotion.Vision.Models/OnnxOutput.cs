namespace Expotion.Vision.Models;

/// <summary>One model output: its values (row-major, as float32) and its shape.</summary>
public sealed record OnnxOutput(float[] Values, long[] Shape);
