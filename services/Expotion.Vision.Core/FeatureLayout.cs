namespace Expotion.Vision.Core;

/// <summary>Names the values of a feature vector; sent to clients as the stream's FeatureSchema.</summary>
public sealed record FeatureLayout(string Id, IReadOnlyList<string> Names, int MotionEnergyIndex)
{
    public int Dims => Names.Count;
}
