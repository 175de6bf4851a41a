namespace Expotion.Vision.Core;

/// <summary>The features of one frame, laid out as its <see cref="FeatureLayout"/> says.</summary>
public readonly record struct FeatureVector(long PtsUs, float[] Values);
